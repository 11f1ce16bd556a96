import { scan } from '../core/scan.js';
import type { ParsedArgs } from './args.js';
import type { Io, PreparedScan } from './main.js';

/** `pgwarden inspect`: the normalized model as JSON, so a user can see what pgwarden understood. Secrets masked. */
export async function inspectModel(
  args: ParsedArgs,
  io: Io,
  prepare: (a: ParsedArgs) => PreparedScan,
): Promise<number> {
  const prepared = prepare(args);
  const result = await scan({ ...prepared.options, rules: [] });
  const { model } = result;
  const out = {
    root: model.root,
    inputs: model.inputs,
    problems: model.problems,
    deployments: model.deployments,
    hbaFiles: model.hbaFiles,
    postgresqlConfs: model.pgConfs,
    terraform: model.terraform,
    ciDefinitions: model.ciDefinitions,
  };
  const json = JSON.stringify(out, (key, value: unknown) => maskTracked(key, value), 2);
  io.out(model.secrets.redact(json) + '\n');
  return result.scannedCount === 0 ? 3 : 0;
}

/** A sensitive tracked value shows only that it exists and its length class. */
function maskTracked(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && 'sensitive' in value && (value as { sensitive?: boolean }).sensitive) {
    const v = value as { value?: unknown };
    const text = typeof v.value === 'string' ? v.value : undefined;
    return {
      ...value,
      value:
        text === undefined
          ? undefined
          : `<secret, ${text.length < 12 ? 'short' : text.length < 24 ? 'medium' : 'long'}>`,
    };
  }
  return value;
}
