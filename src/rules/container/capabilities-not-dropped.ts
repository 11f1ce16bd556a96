import { defineRule } from '../../core/rule.js';
import { postgresOnly } from '../model-queries.js';

export default defineRule({
  id: 'PGW304',
  slug: 'capabilities-not-dropped',
  title: 'Linux capabilities are not dropped',
  category: 'container',
  guideline: 'Container Security › Runtime Security: drop unnecessary Linux capabilities',
  rationale:
    'The PostgreSQL server needs no capabilities. Only the root entrypoint needs CHOWN, DAC_OVERRIDE, FOWNER, ' +
    'SETGID and SETUID; running as uid 999 needs none.',
  remediation:
    'Drop all capabilities (`cap_drop: [ALL]`, Terraform `capabilities { drop = ["ALL"] }`) and add back only ' +
    'CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID if the container still starts as root (not DAC_READ_SEARCH: ' +
    'it allows open_by_handle_at, a known container escape).',
  severity: { dev: 'low', staging: 'medium', prod: 'medium' },
  formats: ['tf', 'compose', 'inspect'],
  fixable: 'suggestion',
  messages: { notDropped: 'Capabilities are not dropped (no drop of ALL).' },
  examples: {
    tf: {
      bad: [
        { file: 'main.tf', code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n}\n' },
      ],
      good: [
        {
          file: 'main.tf',
          code: 'resource "docker_container" "pg" {\n  name  = "pg"\n  image = "postgres:17.6"\n  capabilities {\n    drop = ["ALL"]\n    add  = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"]\n  }\n}\n',
        },
      ],
    },
    compose: {
      bad: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    cap_drop: [NET_RAW]\n' }],
      good: [{ file: 'compose.yaml', code: 'services:\n  db:\n    image: postgres:16.10\n    cap_drop: [ALL]\n' }],
    },
  },
  check(ctx) {
    for (const dep of postgresOnly(ctx.deployments)) {
      const drops = dep.capDrop ?? [];
      if (drops.some((d) => /^(CAP_)?ALL$/i.test(d.value ?? ''))) continue;
      const unknownDrop = drops.find((d) => d.state === 'unknown');
      if (unknownDrop) ctx.couldNotVerify(unknownDrop, 'a dropped capability', dep, 'capDrop');
      else ctx.report({ messageId: 'notDropped', loc: drops[0]?.loc ?? dep.loc, deployment: dep, path: 'capDrop' });
    }
  },
});
