/** Image references: `[registry/][namespace/]repository[:tag][@sha256:digest]`. */
export interface ImageRef {
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry: string | undefined;
  const firstSlash = rest.indexOf('/');
  if (firstSlash > 0) {
    const first = rest.slice(0, firstSlash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(firstSlash + 1);
    }
  }
  return { registry, repository: rest, tag, digest };
}

/** Repository names of the official image and the images built on it. */
const POSTGRES_REPOS =
  /^(library\/)?postgres$|^postgis\/postgis$|^timescale\/timescaledb(-ha|-postgis)?$|^bitnami\/postgresql(-repmgr)?$|^pgvector\/pgvector$|^supabase\/postgres$|^ankane\/pgvector$|^crunchydata\/crunchy-postgres(-gis)?$|^cloudnative-pg\/postgresql$|^(docker\.io\/)?paradedb\/paradedb$|^citusdata\/citus$|^apache\/age$/i;

export function isPostgresImage(ref: string): boolean {
  const parsed = parseImageRef(ref);
  const repo = parsed.repository.replace(/^docker\.io\//, '');
  return POSTGRES_REPOS.test(repo) || /(^|\/)postgres(ql)?$/i.test(repo);
}

export function isLatestTag(ref: ImageRef): boolean {
  return !ref.digest && (ref.tag === undefined || ref.tag === 'latest');
}
