import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  readJsonReport,
  ReportInputError,
  toGitlabCodeQuality,
  toGitlabSast,
  type JsonReport,
} from '../integrations/gitlab.js';
import { one, oneOf, UsageError, type ParsedArgs } from './args.js';
import type { Io } from './main.js';

export const CONVERT_SPEC = { values: ['to', 'output', 'path-prefix'], flags: [] as string[] };

/**
 * `pgwarden convert --to gitlab-codequality|gitlab-sast [--output FILE] [--path-prefix DIR] REPORT.json`
 * (`-` reads standard input). Paths in the output are relative to the repository root: the scan root relative to
 * the working directory, unless --path-prefix says otherwise.
 */
export function convertCommand(
  args: ParsedArgs,
  io: Io,
  readStdin: () => string = () => readFileSync(0, 'utf8'),
): number {
  const to = oneOf(args, 'to', ['gitlab-codequality', 'gitlab-sast'] as const);
  if (!to) throw new UsageError('convert needs --to gitlab-codequality or --to gitlab-sast');
  const input = args.positionals[0];
  if (!input || args.positionals.length > 1)
    throw new UsageError('convert needs one JSON report file (pgwarden scan --format json), or - for stdin');
  let text: string;
  try {
    text = input === '-' ? readStdin() : readFileSync(input, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${input}: ${(error as Error).message}`);
  }
  let report: JsonReport;
  try {
    report = readJsonReport(JSON.parse(text), input);
  } catch (error) {
    if (error instanceof ReportInputError) throw new UsageError(error.message);
    throw new UsageError(`${input}: not JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const pathPrefix = one(args, 'path-prefix') ?? prefixFromRoot(report.root);
  const out =
    to === 'gitlab-codequality' ? toGitlabCodeQuality(report, { pathPrefix }) : toGitlabSast(report, { pathPrefix });
  const json = JSON.stringify(out, null, 2) + '\n';
  const output = one(args, 'output');
  if (output) writeFileSync(output, json);
  else io.out(json);
  return 0;
}

/** The scan root relative to the working directory, when it lies inside it. */
function prefixFromRoot(root: string | undefined): string {
  if (!root || !isAbsolute(root)) return '';
  const rel = relative(process.cwd(), resolve(root));
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return '';
  return rel.split(sep).join('/');
}
