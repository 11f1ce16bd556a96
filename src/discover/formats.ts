/** Which format a file is, by its name first and by its content where the name does not say. */
export type InputKind =
  'compose' | 'dockerfile' | 'tf' | 'tfvars' | 'tfplan' | 'inspect' | 'pg-conf' | 'pg-hba' | 'dotenv' | 'ci';

const COMPOSE_NAME = /^(docker-)?compose(\.[\w-]+)*\.ya?ml$/i;
const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)(\.[\w.-]+)?$|\.(Dockerfile|Containerfile)$/i;
const TF_NAME = /\.(tf|tofu)(\.json)?$/i;
const TFVARS_NAME = /\.tfvars(\.json)?$/i;

export function kindByName(relPath: string): InputKind | undefined {
  const base = relPath.split('/').pop() ?? relPath;
  const lower = base.toLowerCase();
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/i.test(relPath) || /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(relPath))
    return 'ci';
  if (
    lower === '.gitlab-ci.yml' ||
    lower === 'azure-pipelines.yml' ||
    lower === 'jenkinsfile' ||
    lower === 'bitbucket-pipelines.yml' ||
    /(^|\/)\.circleci\/config\.ya?ml$/i.test(relPath)
  )
    return 'ci';
  if (COMPOSE_NAME.test(base)) return 'compose';
  if (DOCKERFILE_NAME.test(base)) return 'dockerfile';
  if (TFVARS_NAME.test(base)) return 'tfvars';
  if (TF_NAME.test(base)) return 'tf';
  if (lower === 'pg_hba.conf' || /hba.*\.conf$/.test(lower)) return 'pg-hba';
  if (lower === 'postgresql.conf' || lower === 'postgresql.auto.conf' || /^postgresql.*\.conf$/.test(lower))
    return 'pg-conf';
  if (lower === '.env') return 'dotenv';
  return undefined;
}

/** Content sniffing for names that do not say: JSON (inspect, plan), YAML (compose), .conf files. */
export function kindByContent(relPath: string, text: string): InputKind | undefined {
  const lower = relPath.toLowerCase();
  const head = text.slice(0, 4096);
  if (lower.endsWith('.json')) {
    const trimmed = head.trimStart();
    if (trimmed.startsWith('[') && /"HostConfig"\s*:/.test(text) && /"Config"\s*:/.test(text)) return 'inspect';
    if (
      trimmed.startsWith('{') &&
      /"format_version"\s*:/.test(head) &&
      /"(planned_values|values|configuration)"\s*:/.test(text)
    )
      return 'tfplan';
    return undefined;
  }
  if (/\.ya?ml$/.test(lower)) {
    if (/^services\s*:/m.test(text) && /^\s+(image|build)\s*:/m.test(text)) return 'compose';
    return undefined;
  }
  if (lower.endsWith('.conf')) {
    const lines = text
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter(Boolean);
    if (!lines.length) return undefined;
    const hba = lines.filter((l) => /^(local|host|hostssl|hostnossl|hostgssenc|hostnogssenc|include\w*)\s/.test(l));
    if (hba.length / lines.length > 0.6) return 'pg-hba';
    const settings = lines.filter((l) => /^[a-z_][a-z0-9_.]*\s*(=\s*)?\S/i.test(l));
    if (
      settings.length / lines.length > 0.8 &&
      /\b(listen_addresses|max_connections|shared_buffers|ssl|log_\w+|port)\b/.test(text)
    )
      return 'pg-conf';
  }
  return undefined;
}
