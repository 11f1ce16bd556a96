import { createHash } from 'node:crypto';

/** Rule + deployment + model path + value hash: no line numbers, so edits elsewhere keep it. */
export function fingerprintOf(parts: Array<string | undefined>): string {
  return createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
