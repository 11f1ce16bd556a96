import { readFileSync } from 'node:fs';
import { locOf } from '../../core/location.js';
import { makeSourceFile, type SourceFile } from '../../core/source.js';
import { unknown } from '../../core/tracked.js';
import type { Comment, Deployment, SecretRef, TerraformFacts } from '../../model/deployment.js';
import { parseHCL, parseHCLJSON, type HclFile } from '../../parsers/hcl/index.js';
import {
  asString,
  deepMarks,
  evaluateTerraform,
  type ModuleInstance,
  type TerraformEvaluation,
} from '../../evaluate/terraform/index.js';
import type { FormatAdapter } from '../index.js';
import type { AdaptContext } from '../context.js';
import { adaptContainer, type NetworkInfo } from './container.js';
import {
  collectModuleInputs,
  collectOutputs,
  collectProviders,
  collectTerraformBlocks,
  collectVariables,
  emptyFacts,
} from './facts.js';
import { adaptPlan } from './plan.js';
import { provenanceOf, secretSinks } from './secrets.js';
import { adaptService } from './service.js';
import { boolOr } from './tracked.js';

/** Terraform / OpenTofu configurations (`.tf`, `.tofu`, `.tf.json`, `.tofu.json`, tfvars) and plan JSON. */
export const terraformAdapter: FormatAdapter = {
  kinds: ['tf', 'tfvars', 'tfplan'],
  adapt(ctx, files) {
    const facts = ctx.terraform ?? emptyFacts();
    const kind = (f: SourceFile) => ctx.kinds.get(f.rel);
    const config = files.filter((f) => kind(f) === 'tf');
    for (const f of files.filter((x) => kind(x) === 'tfvars')) pushComments(ctx, f, parseFile(f));
    const roots: string[] = [];
    if (config.length) {
      guarded(ctx, config[0]?.rel ?? '', () =>
        roots.push(...adaptConfiguration(ctx, config, facts).roots.map((r) => r.dir)),
      );
    }
    for (const plan of files.filter((f) => kind(f) === 'tfplan')) {
      // a plan saved next to its configuration describes the same resources: the configuration is judged
      const dir = plan.rel.includes('/') ? plan.rel.slice(0, plan.rel.lastIndexOf('/')) : '';
      const declared = roots.includes(dir);
      if (declared) {
        ctx.problems.push({
          file: plan.rel,
          kind: 'skipped',
          message: `${plan.rel} is a plan of the configuration in the same folder; the configuration is judged, the plan only adds its secrets to masking`,
        });
      }
      guarded(ctx, plan.rel, () => adaptPlan(ctx, plan, facts, { secretsOnly: declared }));
    }
    ctx.terraform = facts;
  },
};

/** A defect of the evaluator must not end the scan: the rest is still checked, and the failure is reported. */
function guarded(ctx: AdaptContext, file: string, run: () => unknown): void {
  try {
    run();
  } catch (error) {
    ctx.problems.push({
      file,
      kind: 'skipped',
      message: `Terraform evaluation failed (${error instanceof Error ? error.message : String(error)}); part of the configuration is not checked`,
    });
  }
}

function parseFile(f: SourceFile): HclFile {
  return /\.json$/i.test(f.rel) ? parseHCLJSON(f.text, f.rel) : parseHCL(f.text, f.rel);
}

/** HCL comments, without their delimiters, for the documentation rules and inline suppressions. */
function pushComments(ctx: AdaptContext, file: SourceFile, parsed: HclFile): void {
  for (const c of parsed.comments) {
    if (c.style === 'json') continue;
    const text = c.text
      .replace(/^(#|\/\/|\/\*)/, '')
      .replace(/\*\/$/, '')
      .trim();
    const comment: Comment = { loc: locOf(file, c.range.start.offset, c.range.end.offset), text, format: 'tf' };
    ctx.comments.push(comment);
  }
}

/** Reads a `--var-file` named on the command line that is not among the scanned files. */
function readOutside(ctx: AdaptContext) {
  return (path: string): SourceFile | undefined => {
    try {
      const file = makeSourceFile(path, path, readFileSync(path, 'utf8'));
      ctx.files.set(path, file);
      return file;
    } catch {
      return undefined;
    }
  };
}

export function adaptConfiguration(
  ctx: AdaptContext,
  config: SourceFile[],
  facts: TerraformFacts,
): TerraformEvaluation {
  const evaluation = evaluateTerraform({
    files: ctx.files,
    configFiles: config,
    environment: ctx.options.environment ?? {},
    cli: ctx.options.tfVars ?? [],
    readOutside: readOutside(ctx),
  });
  for (const f of config) pushComments(ctx, f, evaluation.parser.parse(f));
  for (const p of evaluation.problems) ctx.problems.push(p);

  const sinks = new Set<string>();
  const networks = networkIndex(evaluation.instances);
  const dockerSecrets = secretIndex(evaluation.instances);
  const seen = new Set<string>();
  const add = (dep: Deployment) => {
    if (seen.has(dep.id)) return;
    seen.add(dep.id);
    ctx.deployments.push(dep);
  };
  for (const inst of evaluation.instances) {
    for (const r of inst.resources('docker_container'))
      add(adaptContainer(ctx, { address: r.address, view: r.body, networks, sinks }));
    for (const r of inst.resources('docker_service')) {
      add(adaptService(ctx, { address: r.address, view: r.body, networks, secrets: dockerSecrets, sinks }));
    }
    secretSinks(ctx, inst, sinks);
  }
  for (const inst of evaluation.instances) collectModuleInputs(ctx, inst, sinks, facts);
  collectVariables(ctx, evaluation.instances, sinks, facts);
  for (const root of evaluation.roots) {
    collectOutputs(root.instance, sinks, facts);
    collectTerraformBlocks(root, facts);
    if (!facts.roots.includes(root.dir || '.')) facts.roots.push(root.dir || '.');
  }
  for (const inst of evaluation.instances) collectProviders(ctx, inst, facts);
  return evaluation;
}

/** docker_network resources and data sources of every module, by qualified address. */
function networkIndex(instances: ModuleInstance[]): Map<string, NetworkInfo> {
  const out = new Map<string, NetworkInfo>();
  for (const inst of instances) {
    for (const r of inst.resources('docker_network')) {
      const name = r.body.attr('name');
      out.set(r.address, {
        address: r.address,
        name: name ? asString(name.value) : undefined,
        internal: boolOr(
          r.body.attr('internal'),
          `whether network ${r.address} is internal`,
          false,
          r.block.header,
          'internal defaults to false',
        ),
        loc: r.block.header,
      });
    }
    for (const r of inst.resources('docker_network', 'data')) {
      const name = r.body.attr('name');
      out.set(r.address, {
        address: r.address,
        name: name ? asString(name.value) : undefined,
        internal: unknown(r.block.header, `network ${r.address} is read from the daemon, not declared here`),
        loc: r.block.header,
      });
    }
  }
  return out;
}

/** docker_secret resources: where their data comes from (a secret store counts as external). */
function secretIndex(instances: ModuleInstance[]): Map<string, { name?: string; source: SecretRef['source'] }> {
  const out = new Map<string, { name?: string; source: SecretRef['source'] }>();
  for (const inst of instances) {
    for (const r of inst.resources('docker_secret')) {
      const data = r.body.attr('data');
      const name = r.body.attr('name');
      let source: SecretRef['source'] = 'unknown';
      if (data) {
        const p = provenanceOf(data.value);
        const fromFile = (data.value.via ?? []).some((v) => /^file\(/.test(v.message));
        source =
          p.kind === 'secret-store'
            ? 'external'
            : fromFile
              ? 'file'
              : p.kind === 'literal'
                ? 'content'
                : p.kind === 'variable'
                  ? 'environment'
                  : 'unknown';
        if (deepMarks(data.value).deps?.length === 0 && data.literal) source = 'content';
      }
      out.set(r.address, { name: name ? asString(name.value) : undefined, source });
    }
  }
  return out;
}
