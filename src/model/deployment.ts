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
}

/** A CI definition found in the scanned tree, and whether it runs a security scanner. */
export interface CiDefinition {
  file: string;
  system: string;
  runsScanner: boolean;
  scanners: string[];
}
