/**
 * What one read-only audit session read from a live PostgreSQL server: plain, serializable data, before it is
 * mapped into the model. Each section the audit role may not read says why, and which GRANT would show it.
 */

export type Section<T> = { ok: true; value: T } | { ok: false; reason: string; grant?: string };

export interface LiveSettingRow {
  name: string;
  setting: string | null;
  unit: string | null;
  /** pg_settings.source: `default`, `configuration file`, `command line`, `override`, `user`, `session`, … */
  source: string;
  sourcefile: string | null;
  sourceline: number | null;
  /** How a change takes effect: `postmaster` (restart), `sighup` (reload), `superuser`, `user`, … */
  context: string;
  /** The value at session start, for settings this audit's own session changed (`statement_timeout`). */
  resetVal: string | null;
  bootVal: string | null;
  pendingRestart: boolean;
}

export interface LiveFileSettingRow {
  sourcefile: string | null;
  sourceline: number | null;
  name: string | null;
  setting: string | null;
  applied: boolean;
  error: string | null;
}

export interface LiveHbaRow {
  /** PostgreSQL 16+: the rule's position in the loaded order; null for lines with errors. */
  ruleNumber: number | null;
  /** PostgreSQL 16+: the file the line is in (include files have their own). */
  fileName: string | null;
  lineNumber: number;
  type: string;
  database: string[];
  userName: string[];
  address: string | null;
  netmask: string | null;
  authMethod: string | null;
  options: string[];
  error: string | null;
}

export interface LiveRoleRow {
  name: string;
  superuser: boolean;
  canLogin: boolean;
  createRole: boolean;
  createDb: boolean;
  replication: boolean;
  bypassRls: boolean;
  connLimit: number;
  validUntil: string | null;
  /** The bootstrap superuser initdb created (oid 10). */
  bootstrap: boolean;
}

export interface LiveRoleSettingRow {
  role: string | null;
  database: string | null;
  config: string[];
}

export interface LiveDatabaseRow {
  name: string;
  owner: string;
  connLimit: number;
  allowConn: boolean;
  isTemplate: boolean;
}

export interface LiveObservation {
  /** `postgres://user@host:port/db`: never a password. */
  target: string;
  host: string;
  port: number;
  database: string;
  /** When the audit ran (ISO timestamp). */
  collectedAt: string;
  server: { version: string; versionNum: number };
  auditRole: { name: string; superuser: boolean };
  settings: LiveSettingRow[];
  /** Settings pgwarden needs that the audit role may not see. */
  hiddenSettings: Array<{ name: string; reason: string; grant: string }>;
  fileSettings: Section<LiveFileSettingRow[]>;
  hba: Section<LiveHbaRow[]>;
  roles: Section<LiveRoleRow[]>;
  roleSettings: Section<LiveRoleSettingRow[]>;
  databases: Section<LiveDatabaseRow[]>;
  extensions: Section<Array<{ name: string; version: string }>>;
  connectionSsl: Section<{ ssl: boolean; version: string | null; cipher: string | null }>;
  /** Schema `public` of the audited database; null when it does not exist. */
  publicSchema: Section<{ owner: string; acl: string | null; publicCreate: boolean } | null>;
}
