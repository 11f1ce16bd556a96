import { describeVersion, formatAdvisoryText } from '../advisories/index.js';
import { isoToday } from '../core/scan.js';
import { one, oneOf, UsageError, type ParsedArgs } from './args.js';
import { isRealDate, type Io } from './main.js';

/** `pgwarden advisories 15.3`: end of life, newest minor and CVEs fixed since, offline. */
export function advisoriesCommand(args: ParsedArgs, io: Io): number {
  const input = args.positionals[0];
  if (!input) throw new UsageError('advisories needs a version or image, e.g. pgwarden advisories 15.3');
  const format = oneOf(args, 'format', ['text', 'json'] as const) ?? 'text';
  const today = one(args, 'today') ?? isoToday();
  if (!isRealDate(today)) throw new UsageError(`--today must be YYYY-MM-DD (got "${today}")`);
  const advisory = describeVersion(input, today);
  io.out(format === 'json' ? JSON.stringify(advisory, null, 2) + '\n' : formatAdvisoryText(advisory) + '\n');
  return advisory.unresolvable ? 2 : 0;
}
