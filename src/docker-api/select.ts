import { isPostgresImage } from '../model/image.js';

/** Whether a `GET /containers/{id}/json` body is a PostgreSQL container: its image, its environment, its command. */
export function isPostgresContainer(body: string): boolean {
  let c: { Config?: { Image?: unknown; Env?: unknown; Cmd?: unknown } };
  try {
    c = JSON.parse(body) as typeof c;
  } catch {
    return false;
  }
  const image = typeof c.Config?.Image === 'string' ? c.Config.Image : '';
  if (image && isPostgresImage(image)) return true;
  const env = Array.isArray(c.Config?.Env) ? (c.Config.Env as unknown[]) : [];
  if (env.some((e) => typeof e === 'string' && /^(PG_VERSION|PG_MAJOR|POSTGRES_[A-Z_]+)=/.test(e))) return true;
  const cmd = Array.isArray(c.Config?.Cmd) ? (c.Config.Cmd as unknown[]) : [];
  return cmd[0] === 'postgres';
}
