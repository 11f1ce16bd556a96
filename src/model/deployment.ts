import type { Loc } from '../core/location.js';
import type { Tracked } from '../core/tracked.js';

/** Input formats. A rule applies to a format when that format's adapter can fill the fields the rule reads. */
export type Format = 'tf' | 'compose' | 'docker' | 'inspect' | 'conf' | 'live';
export const FORMATS: readonly Format[] = ['tf', 'compose', 'docker', 'inspect', 'conf', 'live'];

export type EnvName = 'dev' | 'staging' | 'prod';
export interface EnvDecision {
  env: EnvName;
  reason: string;
}

export interface ImageSpec {
  /** The whole reference as written or resolved, e.g. `postgres:16.10@sha256:…`. */
  ref: Tracked<string>;
  /** Set when the reference is not an image name at all (a Terraform image id attribute, say). */
  opaque?: boolean;
}

export interface PortBinding {
  /** Host address; the Docker default (all interfaces) is state `default` with value `0.0.0.0`. */
  hostIp: Tracked<string>;
  /** Host port; undefined value with state `default` means a random host port. */
  hostPort: Tracked<string>;
  containerPort: Tracked<string>;
  protocol: string;
  loc: Loc;
}

export interface NetworkRef {
  name: Tracked<string>;
  /** Whether the network is `internal` (no outbound access); unknown for external networks. */
  internal: Tracked<boolean>;
  loc: Loc;
}

export type MountKind = 'bind' | 'volume' | 'anonymous' | 'tmpfs' | 'unknown';
export interface Mount {
  kind: MountKind;
  source?: Tracked<string>;
  target: Tracked<string>;
  readOnly: boolean;
  /** File mode for uploaded files or secrets, when declared. */
  mode?: Tracked<string>;
  loc: Loc;
}

export interface EnvVar {
  name: string;
  value: Tracked<string>;
  /** The whole entry (`KEY=VALUE` or `KEY: VALUE`). */
  loc: Loc;
  /** Terraform: where a secret value comes from (a secret store, a generator, a variable, a literal). */
  provenance?: SecretProvenance;
}

export interface SecretRef {
  name: string;
  /** Where the secret comes from: a file in the repo, an external store, an environment variable. */
  source: 'file' | 'external' | 'environment' | 'content' | 'unknown';
  target?: string;
  mode?: Tracked<string>;
  loc: Loc;
}

export type SettingSource = 'command-line' | 'config-file' | 'live' | 'environment';
export interface Setting {
  name: string;
  value: Tracked<string>;
  source: SettingSource;
  /** Live only: how the setting takes effect (`sighup` reload, `postmaster` restart, …). */
  context?: string;
  /** Live only: PostgreSQL's built-in default (pg_settings.boot_val, in the same units as the value). */
  bootValue?: string;
}

export interface Healthcheck {
  /** False when the declaration disables the image's healthcheck (`disable: true`, `NONE`). */
  enabled: boolean;
  test?: Tracked<string[]>;
  loc: Loc;
}

export interface Logging {
  driver: Tracked<string>;
  options: Record<string, Tracked<string>>;
  loc: Loc;
}

export interface UploadedFile {
  path: Tracked<string>;
  content?: Tracked<string>;
  permissions?: Tracked<string>;
  loc: Loc;
  /** Terraform: where the content comes from, when it is a secret. */
  provenance?: SecretProvenance;
}

/** Where a secret value comes from, as far as the configuration shows (Terraform). */
export interface SecretProvenance {
  kind: 'secret-store' | 'generated' | 'variable' | 'literal' | 'remote-module' | 'unknown';
  /** The source address: `data.vault_kv_secret_v2.pg`, `random_password.pg`, `var.db_password`. */
  source?: string;
  loc?: Loc;
}

/**
 * One PostgreSQL container or server, declared (tf, compose, Dockerfile) or observed (inspect, live).
 * Fields a format cannot express are left undefined; rules declare the formats they apply to.
 */
export interface Deployment {
  /** Stable across line moves: format, file and resource/service name. */
  id: string;
  name: string;
  format: Format;
  kind: 'declared' | 'observed';
  file: string;
  /** The declaring block (resource, service, final stage, container object). */
  loc: Loc;
  postgres: { is: boolean; reason: string };
  image?: ImageSpec;
  user?: Tracked<string>;
  privileged?: Tracked<boolean>;
  capAdd?: Tracked<string>[];
  capDrop?: Tracked<string>[];
  securityOpt?: Tracked<string>[];
  namespaces?: Partial<Record<'pid' | 'ipc' | 'userns' | 'uts' | 'cgroupns', Tracked<string>>>;
  readOnlyRoot?: Tracked<boolean>;
  tmpfs?: Tracked<string>[];
  memoryLimit?: Tracked<string>;
  cpuLimit?: Tracked<string>;
  devices?: Tracked<string>[];
  healthcheck?: Healthcheck;
  logging?: Logging;
  networkMode?: Tracked<string>;
  publishAll?: Tracked<boolean>;
  ports?: PortBinding[];
  /** The container listens for PostgreSQL on this port (5432 unless `-c port=` says otherwise). */
  networks?: NetworkRef[];
  mounts?: Mount[];
  env: EnvVar[];
  secrets?: SecretRef[];
  uploads?: UploadedFile[];
  command?: Tracked<string[]>;
  entrypoint?: Tracked<string[]>;
  healthcheckCommand?: Tracked<string[]>;
  settings: Record<string, Setting>;
  /** postgresql.conf / pg_hba.conf files in the scan that this deployment uses (relative paths). */
  configFiles: string[];
  hbaFiles: string[];
  /** Dockerfile only: the user declared by the final stage. */
  imageUser?: Tracked<string>;
  /** Free-form notes on how the deployment was assembled (override files, build context). */
  notes?: string[];
  /**
   * The PostgreSQL version observed where the image tag does not say it: `PG_VERSION` in inspect env,
   * `server_version_num` on a live server. Rules prefer it over the tag.
   */
  pgVersion?: Tracked<string>;
  /** Observed: the container's name (no leading slash). Declared: the name the container gets, when set. */
  containerName?: Tracked<string>;
  /** Container labels (inspect `Config.Labels`), e.g. `com.docker.compose.project` / `.service`. */
  labels?: Record<string, Tracked<string>>;
  /** Process limit (inspect `HostConfig.PidsLimit`); `0`, `-1` or no value means unlimited. */
  pidsLimit?: Tracked<string>;
  /** Live servers only: what the running server answered beyond settings and pg_hba rules. */
  live?: LiveFacts;
}

export interface HbaRule {
  type: Tracked<string>;
  databases: string[];
  users: string[];
  address?: Tracked<string>;
  method: Tracked<string>;
  options: string[];
  loc: Loc;
  /** First-match semantics: false when an earlier line already decides every client this line could match. */
  reachable: boolean;
  shadowedBy?: Loc;
}

export interface HbaFile {
  file: string;
  rules: HbaRule[];
}

export interface PgConfFile {
  file: string;
  settings: Record<string, Setting>;
  /** Files read through `include` / `include_if_exists` (relative paths): part of this configuration. */
  includes?: string[];
}

export interface Comment {
  loc: Loc;
  text: string;
  format: Format;
}

export interface TerraformVariable {
  name: string;
  loc: Loc;
  sensitive?: Tracked<boolean>;
  ephemeral?: boolean;
  defaultValue?: Tracked<unknown>;
  /** Final value after tfvars/TF_VAR_/CLI precedence. */
  value?: Tracked<unknown>;
  /** The variable feeds a secret sink (a password env var, a provider password). */
  feedsSecret: boolean;
  /** The module that declares it (`module.db`); undefined for a root module. */
  module?: string;
}

export interface TerraformOutput {
  name: string;
  loc: Loc;
  sensitive: boolean;
  /** References to secret values, and whether nonsensitive() unwraps them. */
  secretRefs: Array<{ ref: string; loc: Loc; unwrapped: boolean }>;
}

export interface TerraformProvider {
  loc: Loc;
  host?: Tracked<string>;
  hasTlsMaterial: boolean;
  registryPasswords: Tracked<string>[];
}

export interface TerraformFacts {
  variables: TerraformVariable[];
  outputs: TerraformOutput[];
  providers: TerraformProvider[];
  /** `required_providers` entries for kreuzwerker/docker, with their version constraint if any. */
  dockerProviderRequirements: Array<{ loc: Loc; version?: Tracked<string> }>;
  /** `terraform { encryption { … enforced = true } }` seen anywhere in the configuration. */
  stateEncryptionEnforced: boolean;
  /** Folders (relative) that hold Terraform configuration. */
  roots: string[];
  /**
   * Where the docker provider is used (a `provider "docker"` block or the first docker resource) in a root
   * module that has no `required_providers` entry for it: the provider version floats.
   */
  dockerProviderUses?: Loc[];
  /** Inputs given to module calls; remote modules are not fetched, so their inputs are all the scan sees. */
  moduleInputs?: Array<{ module: string; name: string; remote: boolean; value: Tracked<unknown>; loc: Loc }>;
}

/** A CI definition found in the scanned tree, and whether it runs a security scanner. */
export interface CiDefinition {
  file: string;
  system: string;
  runsScanner: boolean;
  scanners: string[];
}

/** A role of a live server (pg_roles). */
export interface LiveRole {
  name: string;
  superuser: boolean;
  canLogin: boolean;
  createRole: boolean;
  createDb: boolean;
  replication: boolean;
  bypassRls: boolean;
  /** `rolconnlimit`; -1 is unlimited. */
  connLimit: number;
  validUntil?: string;
  /** The bootstrap superuser (the role initdb created, oid 10). */
  bootstrap?: boolean;
  loc: Loc;
}

/** A per-role or per-database setting override of a live server (`ALTER ROLE … SET`, pg_db_role_setting). */
export interface LiveRoleSetting {
  role?: string;
  database?: string;
  name: string;
  value: string;
  loc: Loc;
}

/**
 * Facts only a running server answers. Each is an unknown value (with the GRANT that would show it) when the
 * audit role may not read it.
 */
export interface LiveFacts {
  /** The connection target without a password, e.g. `postgres://audit@db:5432/app`. */
  target: string;
  /** Host and port the audit connected to (as given in the URL). */
  host: string;
  port: number;
  database: string;
  /** The role the audit ran as. */
  auditRole: string;
  auditRoleIsSuperuser: boolean;
  /** `version()`. */
  serverVersion: string;
  /** Where the pg_hba rules were read from (the file the server reports). */
  hba: Tracked<string>;
  roles: Tracked<LiveRole[]>;
  roleSettings: Tracked<LiveRoleSetting[]>;
  /** PUBLIC may CREATE in schema `public` of the audited database. */
  publicSchemaCreate: Tracked<boolean>;
  extensions: Tracked<Array<{ name: string; version: string }>>;
  /** The audit's own connection used TLS (pg_stat_ssl). */
  connectionSsl: Tracked<boolean>;
}
