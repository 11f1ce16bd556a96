import { defineRule } from '../../core/rule.js';
import { locOf } from '../../core/location.js';
import { embeddedPassword, isPlaceholder } from '../../model/secrets.js';

const PATTERNS: Array<[string, RegExp]> = [
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  [
    'a password assignment',
    // `password: x`, `POSTGRES_PASSWORD=x`, `password for break-glass: x`, `old password was "x"`
    /(?:password|passwd|pwd|passphrase|secret|api[_-]?key|token)s?(?:\s+(?:for|of)\s+[^:=\n]{1,40}?)?\s*(?:[:=]|\b(?:is|was)\b)\s*["']?([^\s"']{4,})/i,
  ],
  [
    'an access token',
    /\b(ghp_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abp]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16})\b/,
  ],
];

/** Words that follow "password is/:" in prose about a secret rather than the secret itself. */
const NOT_A_VALUE =
  /^(\$|<|\{|\*{3,}|_FILE\b|(from|in|stored|see|managed|set|the|required|rotated|provided|generated|defined|changed|kept|taken|read|loaded|injected|passed|supplied|never|not|only|now|also)\b)/i;

export default defineRule({
  id: 'PGW801',
  slug: 'secret-in-comment',
  title: 'Credential in a comment',
  category: 'docs',
  guideline: 'Compliance and Monitoring › Documentation: remove operational details from production code comments',
  rationale:
    'A password "just noted" in a comment is as public as the file, and survives every rotation of the real secret.',
  remediation: 'Delete the comment, rotate the credential, and keep secrets in a secret store.',
  severity: { dev: 'high', staging: 'high', prod: 'high' },
  formats: ['tf', 'compose', 'docker', 'conf'],
  fixable: 'none',
  messages: { secret: 'This comment holds {what}.' },
  examples: {
    tf: {
      bad: [
        {
          file: 'main.tf',
          code: '# admin password: Vb7-Orchid-Falls-3384\nresource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n',
        },
      ],
      good: [
        {
          file: 'main.tf',
          code: '# the password comes from Vault (secret/postgres)\nresource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n',
        },
      ],
    },
    compose: {
      bad: [
        {
          file: 'compose.yaml',
          code: '# admin password: Zq7-Lamp-Orbit-4411\nservices:\n  db:\n    image: postgres:16.10\n',
        },
      ],
      good: [
        {
          file: 'compose.yaml',
          code: '# the admin password is in the vault under db/admin\nservices:\n  db:\n    image: postgres:16.10\n',
        },
      ],
    },
  },
  check(ctx) {
    for (const c of ctx.model.comments) {
      const file = ctx.model.files.get(c.loc.file);
      const raw = file ? file.text.slice(c.loc.start.offset, c.loc.end.offset) : c.text;
      const url = embeddedPassword(raw);
      let what: string | undefined;
      let secret: string | undefined;
      if (url) {
        what = `${url.kind} with a password`;
        secret = url.password;
      } else {
        for (const [label, re] of PATTERNS) {
          const m = re.exec(raw);
          if (!m) continue;
          const value = m[1] ?? m[0];
          if (label === 'a password assignment' && (isPlaceholder(value) || NOT_A_VALUE.test(value))) continue;
          what = label;
          secret = value;
          break;
        }
      }
      if (!what || !secret) continue;
      const at = raw.indexOf(secret);
      ctx.model.secrets.add(
        secret,
        file && at >= 0 ? locOf(file, c.loc.start.offset + at, c.loc.start.offset + at + secret.length) : c.loc,
      );
      ctx.report({
        messageId: 'secret',
        data: { what },
        loc: c.loc,
        path: `comment:${c.loc.file}`,
        // the comment without its secret: fingerprints are published and must not allow guessing the value
        valueKey: raw.split(secret).join('****'),
      });
    }
  },
});
