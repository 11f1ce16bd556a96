import { readFileSync, existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EnvName } from '../model/deployment.js';
import type { RuleSetting } from '../core/run-rules.js';
import type { EnvGlob } from '../discover/environment.js';
import type { Severity } from '../core/severity.js';
import type { Loc } from '../core/location.js';
import type { Rule } from '../core/rule.js';
import { parseCidr } from '../model/addresses.js';
import { ALL_RULES } from '../rules/index.js';
import type { ConfigIgnore } from '../suppress/types.js';
import { formatJsonPath, SchemaValidator, type JsonSchema, type SchemaError } from './json-schema.js';
import { Locator } from './locate.js';

export interface IgnoreEntry {
  rule: string;
  path?: string;
  /** Deployment name (Terraform resource, compose service, Dockerfile stage); `service` is the same. */
  resource?: string;
  service?: string;
  reason: string;
  expires?: string;
}

export interface PgwardenConfig {
  environments?: { default?: EnvName; paths?: EnvGlob[] };
  rules?: Record<string, RuleSetting | 'off' | Severity>;
  images?: { approved?: string[] };
  registries?: { trusted?: string[] };
  network?: { trustedCidrs?: string[] };
  paths?: { exclude?: string[] };
  failOn?: Severity | 'none';
  format?: 'text' | 'json' | 'sarif' | 'markdown' | 'html';
  ignore?: IgnoreEntry[];
}

/** A configuration file read, validated and normalized (slugs → ids, `service` → `resource`, glob maps → lists). */
export interface LoadedConfig {
  /** Absolute path of the file. */
  path: string;
  config: PgwardenConfig;
  /** The `ignore` entries with where each is written, for the suppress stage. */
  ignores: ConfigIgnore[];
}

export const CONFIG_NAMES = ['.pgwarden.yml', '.pgwarden.yaml', 'pgwarden.config.json'];

export class ConfigError extends Error {}

export function findConfig(root: string): string | undefined {
  return CONFIG_NAMES.map((n) => join(root, n)).find((p) => existsSync(p));
}

/** The published schema (schemas/config.schema.json), which the package ships. */
export function configSchemaPath(): string {
  return fileURLToPath(new URL('../../../schemas/config.schema.json', import.meta.url));
}

let validator: SchemaValidator | undefined;
function schemaValidator(): SchemaValidator {
  validator ??= new SchemaValidator(JSON.parse(readFileSync(configSchemaPath(), 'utf8')) as JsonSchema);
  return validator;
}

export function loadConfig(path: string): PgwardenConfig {
  return loadConfigFile(path).config;
}

/**
 * Reads and validates a configuration file. Every problem is a ConfigError naming the file, the line and column,
 * the key path and the reason (all problems at once, not one per run).
 */
export function loadConfigFile(path: string, rules: Rule[] = ALL_RULES): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read configuration: ${(error as Error).message}`);
  }
  return parseConfigText(text, path, rules);
}

/** As loadConfigFile, for text already read (tests, stdin). */
export function parseConfigText(text: string, path: string, rules: Rule[] = ALL_RULES): LoadedConfig {
  const json = path.toLowerCase().endsWith('.json');
  const locator = new Locator(text);
  const shown = displayPath(path);
  const at = (line: number, column: number) => `${shown}:${line}:${column}`;
  let data: unknown;
  if (json) {
    try {
      data = JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const pos = /position (\d+)/.exec(message);
      const where = pos ? locator.span(Number(pos[1]), Number(pos[1])).start : undefined;
      throw new ConfigError(`${where ? at(where.line, where.column) : shown}: invalid JSON: ${message.split('\n')[0]}`);
    }
  } else {
    const first = locator.doc.errors[0];
    if (first) {
      const lines = locator.doc.errors.map((e) => {
        const p = e.linePos?.[0];
        return `${p ? at(p.line, p.col) : shown}: invalid YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`;
      });
      throw new ConfigError(lines.join('\n'));
    }
    try {
      data = locator.doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      throw new ConfigError(`${shown}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (data === null || data === undefined) return { path: resolve(path), config: {}, ignores: [] };

  const errors: SchemaError[] = schemaValidator().validate(data);
  const seen = new Set(errors.map((e) => formatJsonPath(e.path)));
  for (const e of semanticErrors(data as PgwardenConfig, rules)) if (!seen.has(formatJsonPath(e.path))) errors.push(e);
  if (errors.length) {
    const lines = errors
      .map((e) => ({ e, span: locator.locate(e.path, e.atKey) }))
      .sort((a, b) => (a.span?.start.offset ?? 0) - (b.span?.start.offset ?? 0))
      .map(
        ({ e, span }) =>
          `${span ? at(span.start.line, span.start.column) : shown}: ${formatJsonPath(e.path)}: ${e.message}`,
      );
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const config = normalize(data as PgwardenConfig, rules);
  const abs = resolve(path);
  const ignores: ConfigIgnore[] = (config.ignore ?? []).map((e, index) => {
    const span = locator.locate(['ignore', index]);
    const loc: Loc | undefined = span ? { file: abs, start: span.start, end: span.end } : undefined;
    return {
      rule: e.rule,
      ...(e.path !== undefined ? { path: e.path } : {}),
      ...(e.resource !== undefined ? { resource: e.resource } : {}),
      reason: e.reason,
      ...(e.expires !== undefined ? { expires: e.expires } : {}),
      index,
      ...(loc ? { loc } : {}),
    };
  });
  return { path: abs, config, ignores };
}

/** A path inside the working directory is shown relative to it, as people type it. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function resolverOf(rules: Rule[]): (token: string) => Rule | undefined {
  const byName = new Map<string, Rule>();
  for (const r of rules) {
    byName.set(r.id, r);
    byName.set(r.slug, r);
  }
  return (token) => byName.get(token);
}

/** What the schema cannot say: rule ids and options that exist, CIDRs that parse, one of resource/service. */
function semanticErrors(config: PgwardenConfig, rules: Rule[]): SchemaError[] {
  const errors: SchemaError[] = [];
  if (!isObject(config)) return errors;
  const ruleOf = resolverOf(rules);
  const seen = new Map<string, string>();
  for (const [key, setting] of Object.entries(isObject(config.rules) ? config.rules : {})) {
    const rule = ruleOf(key);
    if (!rule) {
      errors.push({ path: ['rules', key], message: `unknown rule "${key}" (pgwarden rules lists them)`, atKey: true });
      continue;
    }
    const twice = seen.get(rule.id);
    if (twice)
      errors.push({
        path: ['rules', key],
        message: `${rule.id} is configured twice (also as "${twice}")`,
        atKey: true,
      });
    seen.set(rule.id, key);
    if (isObject(setting) && isObject(setting.options)) {
      const declared = Object.keys(rule.options ?? {});
      for (const option of Object.keys(setting.options)) {
        if (declared.includes(option)) continue;
        const hint = declared.length ? `options of ${rule.id}: ${declared.join(', ')}` : `${rule.id} has no options`;
        errors.push({
          path: ['rules', key, 'options', option],
          message: `unknown option "${option}" (${hint})`,
          atKey: true,
        });
      }
    }
  }
  const cidrs =
    isObject(config.network) && Array.isArray(config.network.trustedCidrs) ? config.network.trustedCidrs : [];
  cidrs.forEach((cidr, i) => {
    if (typeof cidr === 'string' && !parseCidr(cidr))
      errors.push({ path: ['network', 'trustedCidrs', i], message: `"${cidr}" is not an IP address or CIDR` });
  });
  (Array.isArray(config.ignore) ? config.ignore : []).forEach((entry, i) => {
    if (!isObject(entry)) return;
    if (typeof entry.rule === 'string' && !ruleOf(entry.rule)) {
      errors.push({ path: ['ignore', i, 'rule'], message: `unknown rule "${entry.rule}" (pgwarden rules lists them)` });
    }
    if (entry.resource !== undefined && entry.service !== undefined) {
      errors.push({
        path: ['ignore', i, 'service'],
        message: 'give either resource or service (they are the same)',
        atKey: true,
      });
    }
  });
  return errors;
}

function isObject(v: unknown): v is Record<string, unknown> & object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normalize(raw: PgwardenConfig, rules: Rule[]): PgwardenConfig {
  const ruleOf = resolverOf(rules);
  const config: PgwardenConfig = { ...raw };
  if (raw.environments?.paths && !Array.isArray(raw.environments.paths)) {
    const map = raw.environments.paths as unknown as Record<string, EnvName>;
    config.environments = { ...raw.environments, paths: Object.entries(map).map(([glob, env]) => ({ glob, env })) };
  }
  if (raw.rules) {
    config.rules = Object.fromEntries(Object.entries(raw.rules).map(([key, v]) => [ruleOf(key)?.id ?? key, v]));
  }
  if (raw.ignore) {
    config.ignore = raw.ignore.map(({ service, ...e }) => ({
      ...e,
      rule: ruleOf(e.rule)?.id ?? e.rule,
      ...(e.resource === undefined && service !== undefined ? { resource: service } : {}),
    }));
  }
  return config;
}

/** Rule settings with shorthand (`PGW201: off`, `PGW201: low`) expanded. */
export function ruleSettingsOf(config: PgwardenConfig): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const [id, v] of Object.entries(config.rules ?? {})) out[id] = typeof v === 'string' ? { severity: v } : v;
  return out;
}
