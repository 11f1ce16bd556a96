variable "pg_tag" {
  type    = string
  default = "15.3"
}

variable "database_name" {
  type    = string
  default = "billing"
}

variable "database_user" {
  type    = string
  default = "billing"
}

variable "postgres_password" {
  type = string
}
