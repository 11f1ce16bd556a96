import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { EnvName } from '../model/deployment.js';
import type { RuleSetting } from '../core/run-rules.js';
import type { EnvGlob } from '../discover/environment.js';
import type { Severity } from '../core/severity.js';

export interface PgwardenConfig {
  environments?: { default?: EnvName; paths?: EnvGlob[] };
  rules?: Record<string, RuleSetting | 'off' | Severity>;
  images?: { approved?: string[] };
  registries?: { trusted?: string[] };
  network?: { trustedCidrs?: string[] };
  paths?: { exclude?: string[] };
  failOn?: Severity | 'none';
  format?: 'text' | 'json' | 'sarif';
  ignore?: Array<{ rule: string; path?: string; resource?: string; reason: string; expires?: string }>;
}

export const CONFIG_NAMES = ['.pgwarden.yml', '.pgwarden.yaml', 'pgwarden.config.json'];

export class ConfigError extends Error {}

export function findConfig(root: string): string | undefined {
  return CONFIG_NAMES.map((n) => join(root, n)).find((p) => existsSync(p));
}

export function loadConfig(path: string): PgwardenConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read configuration: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data))
    throw new ConfigError(`${path}: the configuration must be a mapping`);
  return data as PgwardenConfig;
}

/** Rule settings with shorthand (`PGW201: off`, `PGW201: low`) expanded. */
export function ruleSettingsOf(config: PgwardenConfig): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const [id, v] of Object.entries(config.rules ?? {})) out[id] = typeof v === 'string' ? { severity: v } : v;
  return out;
}
