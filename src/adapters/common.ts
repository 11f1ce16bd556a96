import type { Loc } from '../core/location.js';
import type { Deployment, EnvVar, Format, Setting } from '../model/deployment.js';
import { settingsFromArgs } from '../model/settings.js';
import type { Tracked } from '../core/tracked.js';
import { commandLineSecret, embeddedPassword, isSecretName } from '../model/secrets.js';
import type { SecretRegistry } from '../core/scan-model.js';
import { locOf } from '../core/location.js';
import type { SourceFile } from '../core/source.js';

export function emptyDeployment(
  format: Format,
  kind: Deployment['kind'],
  file: string,
  name: string,
  loc: Loc,
): Deployment {
  return {
    id: `${format}:${file}#${name}`,
    name,
    format,
    kind,
    file,
    loc,
    postgres: { is: false, reason: '' },
    env: [],
    settings: {},
    configFiles: [],
    hbaFiles: [],
  };
}

/** `-c name=value` settings from the container command; command-line values win over config files. */
export function applyCommandSettings(dep: Deployment, command: Tracked<string[]> | undefined): void {
  if (!command?.value) return;
  for (const s of settingsFromArgs(command.value)) {
    dep.settings[s.name] = {
      name: s.name,
      value: { value: s.value, state: command.state, loc: command.loc, literal: command.literal, via: command.via },
      source: 'command-line',
    };
  }
}

/** Settings from a linked config file fill what the command line did not set. */
export function mergeFileSettings(dep: Deployment, settings: Record<string, Setting>): void {
  for (const [name, setting] of Object.entries(settings)) {
    if (!dep.settings[name]) dep.settings[name] = setting;
  }
}

/** Registers every secret-looking env value so that no reporter can print it. */
export function registerEnvSecrets(env: EnvVar[], secrets: SecretRegistry): void {
  for (const e of env) {
    const v = e.value.value;
    if (v === undefined) continue;
    if (isSecretName(e.name)) {
      e.value.sensitive = true;
      secrets.add(v, e.value.loc);
    }
    const embedded = embeddedPassword(v);
    if (embedded) {
      e.value.sensitive = true;
      secrets.add(embedded.password, e.value.loc);
    }
  }
}

/**
 * Registers secrets written into command, entrypoint and healthcheck arguments, so that no output (the model dump
 * of `pgwarden inspect` included) can print them; where the value is written in the file, its span is masked too.
 */
export function registerCommandSecrets(dep: Deployment, secrets: SecretRegistry, files: Map<string, SourceFile>): void {
  for (const t of [dep.command, dep.entrypoint, dep.healthcheck?.test]) {
    const secret = t?.value ? commandLineSecret(t.value) : undefined;
    if (!t || !secret) continue;
    const file = files.get(t.loc.file);
    const at = file && !t.loc.live ? file.text.slice(t.loc.start.offset, t.loc.end.offset).indexOf(secret) : -1;
    const start = t.loc.start.offset + at;
    secrets.add(secret, file && at >= 0 ? locOf(file, start, start + secret.length) : undefined);
  }
}
