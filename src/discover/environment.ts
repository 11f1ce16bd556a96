import type { EnvDecision, EnvName } from '../model/deployment.js';

const FOLDER_WORDS: Array<[EnvName, RegExp]> = [
  ['prod', /^(prod|production|prd|live)$/i],
  ['staging', /^(staging|stage|stg|preprod|pre-prod|uat|qa)$/i],
  ['dev', /^(dev|development|local|test|testing|sandbox|ci)$/i],
];

export interface EnvGlob {
  glob: string;
  env: EnvName;
}

export interface EnvPolicy {
  /** `--env`: one environment for everything, unless `auto`. */
  forced?: EnvName;
  /** Config file globs, first match wins. */
  globs?: EnvGlob[];
  /** When nothing says otherwise (config `environments.default`); prod is fail-safe. */
  fallback?: EnvName;
}

/** Decides the environment of one file and says why. */
export function decideEnv(rel: string, policy: EnvPolicy): EnvDecision {
  if (policy.forced) return { env: policy.forced, reason: `--env ${policy.forced}` };
  for (const g of policy.globs ?? []) {
    if (globToRegExp(g.glob).test(rel)) return { env: g.env, reason: `config: path matches "${g.glob}"` };
  }
  const parts = rel.split('/');
  // Nearest folder wins: examples/prod/dev-tools/x is dev. A folder is named for an environment when its whole
  // name is one (`prod`, `qa`, `test`) or it holds a strong word between separators (`dev-tools`, `eu_prod`).
  for (let i = parts.length - 2; i >= 0; i--) {
    const part = parts[i] ?? '';
    const env = FOLDER_WORDS.find(([, re]) => re.test(part))?.[0] ?? envOfNameWord(part);
    if (env) return { env, reason: `folder "${parts.slice(0, i + 1).join('/')}"` };
  }
  const base = parts[parts.length - 1] ?? '';
  const env = envOfNameWord(base);
  if (env) return { env, reason: `file name "${base}"` };
  if (policy.fallback)
    return { env: policy.fallback, reason: 'no environment in the path: config environments.default' };
  return { env: 'prod', reason: 'no environment in the path: prod, the fail-safe default' };
}

const NAME_WORD = /(?:^|[._-])(prod|production|prd|staging|stage|stg|dev|development|local)(?:[._-]|$)/i;

/** The environment a strong word inside a file or folder name says (`docker-compose.prod.yml`, `dev-tools`). */
function envOfNameWord(name: string): EnvName | undefined {
  const word = NAME_WORD.exec(name)?.[1];
  return word ? FOLDER_WORDS.find(([, re]) => re.test(word))?.[0] : undefined;
}

/** Minimal glob: `**` any depth, `*` within a segment, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  // `**/**/…` means the same as one `**/`; collapsing it keeps the regex from backtracking exponentially
  glob = glob.replace(/(?:\*\*\/)+/g, '**/').replace(/(?:\/\*\*)+$/, '/**');
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}
