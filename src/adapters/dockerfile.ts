import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { locOf, type Loc } from '../core/location.js';
import { offsetAt, type SourceFile } from '../core/source.js';
import { unknown, type Tracked } from '../core/tracked.js';
import type { Deployment, EnvVar } from '../model/deployment.js';
import { isPostgresImage } from '../model/image.js';
import { splitShellWords } from '../model/settings.js';
import { interpolate, type EnvFileValue } from '../evaluate/compose/interpolate.js';
import {
  applyCommandSettings,
  emptyDeployment,
  mergeFileSettings,
  registerCommandSecrets,
  registerEnvSecrets,
} from './common.js';
import { resolveScanned, type AdaptContext } from './context.js';

interface Stage {
  name?: string;
  from: Tracked<string>;
  /** The image reference as written in FROM, before ARG substitution. */
  fromText: string;
  /** The stage this one builds on, when FROM names an earlier stage. */
  parent?: Stage;
  fromLoc: Loc;
  env: EnvVar[];
  args: Map<string, EnvFileValue>;
  user?: Tracked<string>;
  healthcheck?: { enabled: boolean; test?: Tracked<string[]>; loc: Loc };
  command?: Tracked<string[]>;
  entrypoint?: Tracked<string[]>;
  copies: Array<{ sources: string[]; dest: string; loc: Loc; fromStage: boolean }>;
}

function instructionLoc(file: SourceFile, ins: { getRange(): { start: LinePos; end: LinePos } }): Loc {
  const r = ins.getRange();
  return locOf(
    file,
    offsetAt(file, r.start.line + 1, r.start.character + 1),
    offsetAt(file, r.end.line + 1, r.end.character + 1),
  );
}
interface LinePos {
  line: number;
  character: number;
}

/**
 * A Dockerfile becomes one deployment for its final stage: base image through stage aliases and ARG defaults,
 * the final stage's USER, HEALTHCHECK and CMD. ENV and ARG secrets count in every stage: they stay in the layers.
 */
export function adaptDockerfile(ctx: AdaptContext, file: SourceFile): void {
  let doc;
  try {
    doc = DockerfileParser.parse(file.text);
  } catch (error) {
    ctx.problems.push({ file: file.rel, kind: 'parse-error', message: `Dockerfile: ${String(error)}` });
    return;
  }
  for (const c of doc.getComments()) {
    ctx.comments.push({ loc: instructionLoc(file, c), text: c.getContent(), format: 'docker' });
  }
  const globalArgs = new Map<string, EnvFileValue>();
  const stages: Stage[] = [];
  const buildEnv: EnvVar[] = [];
  let stage: Stage | undefined;
  for (const ins of doc.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const loc = instructionLoc(file, ins);
    const args = ins.getArguments().map((a) => a.getValue());
    if (keyword === 'FROM') {
      stage = fromStage(file, ins, loc, args, globalArgs, stages);
      stages.push(stage);
      continue;
    }
    if (keyword === 'ARG') {
      for (const a of args) {
        const eq = a.indexOf('=');
        const name = eq < 0 ? a : a.slice(0, eq);
        const value = eq < 0 ? undefined : unquote(a.slice(eq + 1));
        const target = stage ? stage.args : globalArgs;
        // a default may use earlier ARGs (`ARG TAG=${MAJOR}.4`); one that cannot be resolved leaves the ARG unset
        if (value !== undefined) {
          const resolved = interpolate(value, target).value;
          if (resolved !== undefined) target.set(name, { value: resolved, loc });
        } else if (stage && globalArgs.has(name)) stage.args.set(name, globalArgs.get(name)!);
        if (value !== undefined) buildEnv.push({ name, value: literal(value, valueLoc(file, loc, a, eq)), loc });
      }
      continue;
    }
    if (!stage) {
      if (keyword !== 'ARG')
        ctx.problems.push({ file: file.rel, kind: 'parse-error', message: `${keyword} before FROM`, loc });
      continue;
    }
    switch (keyword) {
      case 'ENV':
        for (const p of envPairs(file, ins)) {
          const entry = { name: p.name, value: literal(p.value, p.valueLoc ?? loc), loc };
          stage.env.push(entry);
        }
        break;
      case 'USER':
        stage.user = literal(args[0] ?? '', loc);
        break;
      case 'HEALTHCHECK':
        stage.healthcheck = {
          enabled: (args[0] ?? '').toUpperCase() !== 'NONE',
          test: commandFrom(file, ins, loc, args.slice(args.findIndex((a) => a.toUpperCase() === 'CMD') + 1)),
          loc,
        };
        break;
      case 'CMD':
        stage.command = commandFrom(file, ins, loc, args);
        break;
      case 'ENTRYPOINT':
        stage.entrypoint = commandFrom(file, ins, loc, args);
        break;
      case 'COPY':
      case 'ADD': {
        const plain = args.filter((a) => !a.startsWith('--'));
        stage.copies.push({
          sources: plain.slice(0, -1),
          dest: plain[plain.length - 1] ?? '',
          loc,
          fromStage: args.some((a) => a.startsWith('--from')),
        });
        break;
      }
    }
  }
  const final = stages[stages.length - 1];
  if (!final) {
    ctx.problems.push({ file: file.rel, kind: 'parse-error', message: 'Dockerfile has no FROM instruction' });
    return;
  }
  ctx.deployments.push(finalDeployment(ctx, file, final, stages, buildEnv));
}

function fromStage(
  file: SourceFile,
  ins: Instruction,
  loc: Loc,
  args: string[],
  globalArgs: Map<string, EnvFileValue>,
  stages: Stage[],
): Stage {
  const imageText = args.find((a) => !a.startsWith('--')) ?? '';
  const asIndex = args.findIndex((a) => a.toUpperCase() === 'AS');
  const name = asIndex >= 0 ? args[asIndex + 1] : undefined;
  const r = interpolate(imageText, globalArgs);
  const via = r.fromEnvFile.map((e) => ({ loc: e.loc, message: `ARG ${e.name} default` }));
  const imageLoc = valueLoc(file, loc, imageText, -1);
  const from: Tracked<string> =
    r.value === undefined
      ? unknown(imageLoc, r.error ?? `ARG ${r.unresolved.join(', ')} has no default`, { via })
      : r.hasVariables
        ? { value: r.value, state: 'derived', loc: imageLoc, via, literal: false }
        : { value: r.value, state: 'explicit', loc: imageLoc, literal: true };
  const parent = stages.find((s) => s.name && s.name.toLowerCase() === (r.value ?? '').toLowerCase());
  void ins;
  return {
    name,
    from,
    fromText: imageText,
    parent,
    fromLoc: loc,
    env: parent ? [...parent.env] : [],
    args: new Map(),
    user: parent?.user,
    healthcheck: parent?.healthcheck,
    command: parent?.command,
    entrypoint: parent?.entrypoint,
    // a stage built on another has that stage's files
    copies: parent ? [...parent.copies] : [],
  };
}

function finalDeployment(
  ctx: AdaptContext,
  file: SourceFile,
  final: Stage,
  stages: Stage[],
  buildEnv: EnvVar[],
): Deployment {
  let base: Stage = final;
  while (base.parent) base = base.parent;
  const dep = emptyDeployment('docker', 'declared', file.rel, final.name ?? 'final stage', final.fromLoc);
  dep.image = { ref: base.from };
  // an ARG without a default still leaves the repository readable: `postgres:${TAG}`
  const imageText = base.from.value ?? base.fromText.replace(/\$\{[^}]*\}|\$[A-Za-z_]\w*/g, '');
  if (imageText && isPostgresImage(imageText))
    dep.postgres = { is: true, reason: `FROM ${base.from.value ?? base.fromText}` };
  else if (final.env.some((e) => /^POSTGRES_/.test(e.name)))
    dep.postgres = { is: true, reason: 'POSTGRES_* environment' };
  dep.user = final.user;
  dep.imageUser = final.user;
  if (final.healthcheck) dep.healthcheck = final.healthcheck;
  dep.command = final.command;
  dep.entrypoint = final.entrypoint;
  // every stage's ENV and ARG values stay in the image history
  const seen = new Set<EnvVar>();
  for (const s of stages) {
    for (const e of s.env) {
      if (seen.has(e)) continue;
      seen.add(e);
      dep.env.push(e);
    }
  }
  for (const e of buildEnv) dep.env.push(e);
  registerEnvSecrets(dep.env, ctx.secrets);
  registerCommandSecrets(dep, ctx.secrets, ctx.files);
  applyCommandSettings(dep, dep.entrypoint);
  applyCommandSettings(dep, dep.command);
  for (const copy of final.copies) {
    if (copy.fromStage) continue;
    for (const src of copy.sources) {
      const rel = resolveScanned(ctx, file.rel, src);
      if (!rel) continue;
      if (ctx.hbaFiles.has(rel)) dep.hbaFiles.push(rel);
      const conf = ctx.pgConfs.get(rel);
      if (conf) {
        dep.configFiles.push(rel);
        mergeFileSettings(dep, conf.settings);
      }
    }
  }
  return dep;
}

function envPairs(file: SourceFile, ins: Instruction): Array<{ name: string; value: string; valueLoc?: Loc }> {
  const props = (ins as unknown as { getProperties?: () => PropertyLike[] }).getProperties?.() ?? [];
  return props.map((p) => {
    const r = p.getValueRange();
    const valueLoc = r
      ? locOf(
          file,
          offsetAt(file, r.start.line + 1, r.start.character + 1),
          offsetAt(file, r.end.line + 1, r.end.character + 1),
        )
      : undefined;
    return { name: p.getName(), value: p.getValue() ?? '', valueLoc };
  });
}
interface PropertyLike {
  getName(): string;
  getValue(): string | null;
  getValueRange(): { start: LinePos; end: LinePos } | null;
}

function commandFrom(file: SourceFile, ins: Instruction, loc: Loc, args: string[]): Tracked<string[]> {
  const raw = file.text.slice(loc.start.offset, loc.end.offset);
  const json = /^\s*\w+\s+(?:--\S+\s+)*(?:CMD\s+)?(\[[\s\S]*\])\s*$/i.exec(raw);
  if (json?.[1]) {
    try {
      const parsed: unknown = JSON.parse(json[1]);
      if (Array.isArray(parsed)) return literal(parsed.map(String), loc);
    } catch {
      // not JSON form after all: shell form below
    }
  }
  void ins;
  return literal(splitShellWords(args.join(' ')), loc);
}

function literal<T>(value: T, loc: Loc): Tracked<T> {
  return { value, state: 'explicit', loc, literal: true };
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]) ? v.slice(1, -1) : v;
}

/** The span of `text` (or of what follows `=` in it) inside an instruction, for precise frames and masking. */
function valueLoc(file: SourceFile, insLoc: Loc, text: string, eq: number): Loc {
  const body = file.text.slice(insLoc.start.offset, insLoc.end.offset);
  const at = body.indexOf(text);
  if (at < 0) return insLoc;
  const start = insLoc.start.offset + at + (eq >= 0 ? eq + 1 : 0);
  return locOf(file, start, insLoc.start.offset + at + text.length);
}
