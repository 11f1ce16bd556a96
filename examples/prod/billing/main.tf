terraform {
  required_providers {
    docker = {
      source  = "kreuzwerker/docker"
      version = "~> 3.9"
    }
  }
}

resource "docker_image" "postgres" {
  name = "postgres:${var.pg_tag}"
}

# The guideline's recommended configuration, as written there.
resource "docker_container" "postgres" {
  image = docker_image.postgres.image_id
  name  = "billing-db"

  ports {
    internal = 5432
    external = "127.0.0.1:5432"
  }

  env = [
    "POSTGRES_DB=${var.database_name}",
    "POSTGRES_USER=${var.database_user}",
    "POSTGRES_PASSWORD=${var.postgres_password}",
  ]

  security_opts = ["no-new-privileges:true"]

  volumes {
    host_path      = "/secure/postgres/data"
    container_path = "/var/lib/postgresql/data"
  }
}

output "connection_string" {
  value = "postgresql://${var.database_user}:${var.postgres_password}@localhost:5432/${var.database_name}"
}
