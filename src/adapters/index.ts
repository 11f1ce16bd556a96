import type { DiscoveredFile } from '../discover/walk.js';
import type { InputKind } from '../discover/formats.js';
import type { SourceFile } from '../core/source.js';
import type { AdaptContext } from './context.js';
import { adaptCompose } from './compose/adapt.js';
import { adaptDockerfile } from './dockerfile.js';
import { adaptPgHba, adaptPostgresqlConf } from './pgconf.js';
import { detectCi } from './ci.js';
import type { CiDefinition, PgConfFile } from '../model/deployment.js';
import { emptyDeployment } from './common.js';
import { wholeFileLoc } from '../core/location.js';
import { inspectAdapter } from './inspect/adapt.js';
import { terraformAdapter } from './terraform/index.js';

/** Adapters that other formats register (Terraform, docker inspect): one entry per input kind group. */
export interface FormatAdapter {
  kinds: InputKind[];
  /** Runs after config files are read, so deployments can link them. */
  adapt(ctx: AdaptContext, files: SourceFile[]): void | Promise<void>;
}

const extraAdapters: FormatAdapter[] = [];

export function registerAdapter(adapter: FormatAdapter): void {
  extraAdapters.push(adapter);
}
registerAdapter(inspectAdapter);
registerAdapter(terraformAdapter);

/** Config files first (deployments link them), then Dockerfiles (compose builds link them), then the rest. */
export async function runAdapters(ctx: AdaptContext, files: DiscoveredFile[]): Promise<CiDefinition[]> {
  const of = (kind: InputKind) => files.filter((f) => f.kind === kind).map((f) => f.file);
  for (const f of of('pg-conf')) adaptPostgresqlConf(ctx, f);
  for (const f of of('pg-hba')) adaptPgHba(ctx, f);
  for (const f of of('dockerfile')) adaptDockerfile(ctx, f);
  adaptCompose(ctx, of('compose'));
  for (const adapter of extraAdapters) {
    const mine = files.filter((f) => f.kind && adapter.kinds.includes(f.kind)).map((f) => f.file);
    if (mine.length) await adapter.adapt(ctx, mine);
  }
  addUnlinkedConfigs(ctx);
  return of('ci').map(detectCi);
}

/** A postgresql.conf that no deployment uses is still a server's settings: judge it on its own. */
function addUnlinkedConfigs(ctx: AdaptContext): void {
  const linked = new Set(ctx.deployments.flatMap((d) => d.configFiles));
  // a file another configuration includes is part of that server, not a server of its own (unless they include
  // each other: a cycle has no top, and each side is judged)
  const confs = [...ctx.pgConfs.values()];
  const includes = (c: PgConfFile | undefined, f: string) =>
    c !== undefined && c.file !== f && !!c.includes?.includes(f);
  const included = new Set(
    confs.flatMap((c) => (c.includes ?? []).filter((f) => includes(c, f) && !includes(ctx.pgConfs.get(f), c.file))),
  );
  for (const conf of ctx.pgConfs.values()) {
    if (included.has(conf.file)) continue;
    if (linked.has(conf.file)) continue;
    const file = ctx.files.get(conf.file);
    if (!file) continue;
    const dep = emptyDeployment('conf', 'declared', conf.file, conf.file, wholeFileLoc(file));
    dep.postgres = { is: true, reason: 'postgresql.conf' };
    dep.settings = { ...conf.settings };
    dep.configFiles = [conf.file];
    ctx.deployments.push(dep);
  }
}
