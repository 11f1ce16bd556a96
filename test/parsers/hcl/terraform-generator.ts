/**
 * Seeded generator of valid, realistic Terraform (native syntax) for the differential tests and
 * the benchmark: docker resources, variables, locals, nested and dynamic blocks, heredocs,
 * templates with directives, for expressions, splats, function calls and operators.
 *
 * It only produces input that HashiCorp's parser accepts AND that hcl2json can convert to JSON
 * (hcl2json fails on e.g. `null` interpolated into a string, or `-true`), see `Options`.
 */
import { Rng } from './helpers.js';

const IDENTS = ['db', 'pg', 'main', 'replica', 'backup', 'app', 'cache', 'primary', 'analytics', 'x1', 'svc-a'];
const VAR_NAMES = [
  'env',
  'pg_version',
  'password',
  'port',
  'replicas',
  'enabled',
  'labels',
  'tags',
  'networks',
  'image',
];
const LOCAL_NAMES = ['name_prefix', 'common_labels', 'ports', 'settings', 'hosts', 'envs', 'flags', 'volumes'];
const FUNCS = [
  'lower',
  'upper',
  'length',
  'tostring',
  'jsonencode',
  'base64encode',
  'trimspace',
  'sha256',
  'keys',
  'values',
];
const WORDS = [
  'postgres',
  'listen_addresses',
  'ssl',
  'on',
  'off',
  'md5',
  'scram-sha-256',
  'trust',
  'host',
  'all',
  'local',
];

export interface GeneratorOptions {
  /** Approximate number of top-level blocks. */
  blocks: number;
}

/** Spelling choices that do not change what is generated, only how it is written. */
export interface GeneratorStyle {
  /**
   * Write exponent literals with a fraction (`1.0e3`, `1.0e+2`) instead of without (`1e3`,
   * `1e+2`). Both are valid HCL, but tree-sitter-hcl rejects the latter; the benchmark sets this
   * so both parsers are timed on input they accept. The random sequence is the same either way.
   */
  fractionalExponents?: boolean;
}

const NUMBERS = ['0', '1', '42', '5432', '3.14', '0.5', '1e3', '2.5E-2', '1e+2', '65535', '10'];
const NUMBERS_FRACTIONAL_EXPONENTS = NUMBERS.map((n) => n.replace(/^(\d+)([eE])/, '$1.0$2'));

export class TerraformGenerator {
  private depth = 0;
  private readonly numbers: readonly string[];

  constructor(
    private readonly rng: Rng,
    style: GeneratorStyle = {},
  ) {
    this.numbers = style.fractionalExponents ? NUMBERS_FRACTIONAL_EXPONENTS : NUMBERS;
  }

  file(options: GeneratorOptions): string {
    const out: string[] = [];
    const used = new Set<string>();
    for (let i = 0; i < options.blocks; i++) {
      const kind = this.rng.pick([
        'resource',
        'resource',
        'resource',
        'variable',
        'locals',
        'output',
        'data',
        'module',
        'terraform',
        'provider',
      ] as const);
      out.push(this.topBlock(kind, used, i));
    }
    return out.join('\n');
  }

  private topBlock(kind: string, used: Set<string>, n: number): string {
    const r = this.rng;
    const comment = r.chance(0.3)
      ? r.pick(['# managed by pgwarden tests\n', '// generated\n', '/* block\n   comment */\n'])
      : '';
    switch (kind) {
      case 'resource': {
        const type = r.pick(['docker_container', 'docker_image', 'docker_network', 'docker_volume']);
        const name = uniqueName(`${r.pick(IDENTS)}_${n}`, used);
        return `${comment}resource "${type}" "${name}" {\n${this.resourceBody(type, '  ')}}\n`;
      }
      case 'variable': {
        const name = uniqueName(`${r.pick(VAR_NAMES)}_${n}`, used);
        const lines = [
          `  type        = ${r.pick(['string', 'number', 'bool', 'list(string)', 'map(string)', 'object({ name = string, port = number })'])}`,
        ];
        if (r.chance(0.7)) lines.push(`  default     = ${this.expr()}`);
        if (r.chance(0.5)) lines.push(`  description = ${this.quoted(false)}`);
        if (r.chance(0.3)) lines.push(`  sensitive   = ${r.pick(['true', 'false'])}`);
        let validation = '';
        if (r.chance(0.3)) {
          validation = `\n  validation {\n    condition     = ${this.condition()}\n    error_message = "Invalid value for ${name}."\n  }\n`;
        }
        return `${comment}variable "${name}" {\n${lines.join('\n')}\n${validation}}\n`;
      }
      case 'locals':
        return `${comment}locals {\n${this.attributes('  ', 2 + r.int(5), new Set())}}\n`;
      case 'output': {
        const name = uniqueName(`out_${n}`, used);
        return `${comment}output "${name}" {\n  value     = ${this.expr()}\n  sensitive = ${r.pick(['true', 'false'])}\n}\n`;
      }
      case 'data': {
        const name = uniqueName(`${r.pick(IDENTS)}_${n}`, used);
        return `${comment}data "docker_network" "${name}" {\n  name = ${this.quoted(true)}\n}\n`;
      }
      case 'module': {
        const name = uniqueName(`mod_${n}`, used);
        return `${comment}module "${name}" {\n  source  = "./modules/${r.pick(IDENTS)}"\n  version = "~> ${1 + r.int(3)}.${r.int(10)}"\n${this.attributes('  ', 1 + r.int(3), new Set(['source', 'version']))}}\n`;
      }
      case 'terraform':
        return `${comment}terraform {\n  required_version = ">= 1.${r.int(9)}"\n  required_providers {\n    docker = {\n      source  = "kreuzwerker/docker"\n      version = "~> 3.${r.int(5)}"\n    }\n  }\n}\n`;
      default:
        return `${comment}provider "docker" {\n  host = ${this.rng.pick(['"unix:///var/run/docker.sock"', 'var.docker_host', '"tcp://127.0.0.1:2376"'])}\n}\n`;
    }
  }

  private resourceBody(type: string, indent: string): string {
    const r = this.rng;
    // Block type names are reserved so no attribute shares a name with a block.
    const names = new Set<string>(['ports', 'volumes', 'labels', 'healthcheck', 'lifecycle', 'command', 'dynamic']);
    let out = '';
    if (type === 'docker_container') {
      names.add('name').add('image');
      out += `${indent}name  = ${this.quoted(true)}\n${indent}image = ${r.pick(['docker_image.pg.image_id', 'var.image', '"postgres:16"', 'docker_image.db[0].image_id'])}\n`;
      if (r.chance(0.6)) {
        names.add('env');
        out += `${indent}env = [\n${indent}  "POSTGRES_PASSWORD=\${var.password}",\n${indent}  ${this.quoted(true)},\n${indent}]\n`;
      }
      out += this.attributes(indent, r.int(4), names);
      const portBlocks = r.int(3);
      for (let i = 0; i < portBlocks; i++) {
        out += `\n${indent}ports {\n${indent}  internal = ${5432 + i}\n${indent}  external = ${r.pick([`"127.0.0.1:${5432 + i}"`, `${5432 + i}`, 'var.port', 'var.port + 1'])}\n${indent}}\n`;
      }
      if (r.chance(0.4)) {
        out += `\n${indent}dynamic "volumes" {\n${indent}  for_each = ${r.pick(['var.volumes', 'local.volumes', '{ for v in var.volumes : v.name => v }'])}\n${indent}  content {\n${indent}    host_path      = volumes.value.host\n${indent}    container_path = volumes.value.path\n${indent}    read_only      = ${r.pick(['true', 'false', 'volumes.key != "data"'])}\n${indent}  }\n${indent}}\n`;
      }
      if (r.chance(0.3)) {
        out += `\n${indent}healthcheck {\n${indent}  test     = ["CMD-SHELL", "pg_isready -U \${var.user}"]\n${indent}  interval = "10s"\n${indent}  retries  = ${r.int(10)}\n${indent}}\n`;
      }
      if (r.chance(0.3)) out += `\n${indent}lifecycle { create_before_destroy = true }\n`;
      if (r.chance(0.3)) out += `\n${indent}command = ${this.heredoc(indent)}\n`;
      return out;
    }
    out += this.attributes(indent, 1 + r.int(5), names);
    if (r.chance(0.4))
      out += `\n${indent}labels {\n${indent}  label = ${this.quoted(false)}\n${indent}  value = ${this.quoted(true)}\n${indent}}\n`;
    return out;
  }

  private attributes(indent: string, count: number, names: Set<string>): string {
    let out = '';
    for (let i = 0; i < count; i++) {
      const name = uniqueName(
        this.rng.pick([...LOCAL_NAMES, ...VAR_NAMES, 'count', 'for_each', 'restart', 'memory']),
        names,
      );
      if (this.rng.chance(0.08)) {
        out += `${indent}${name} = ${this.heredoc(indent)}\n`; // nothing may follow a heredoc's end marker
      } else {
        out += `${indent}${name} = ${this.expr()}${this.rng.chance(0.15) ? ' # trailing comment' : ''}\n`;
      }
    }
    return out;
  }

  /** Any expression; depth-limited. */
  expr(): string {
    if (this.depth > 3) return this.leaf();
    this.depth++;
    try {
      const r = this.rng;
      switch (r.int(16)) {
        case 0:
        case 1:
          return this.leaf();
        case 2:
          return this.quoted(true);
        case 3:
          return this.traversal();
        case 4:
          return `[${this.list(() => this.expr())}]`;
        case 5:
          return this.object();
        case 6:
          return this.call();
        case 7:
          return `${this.condition()} ? ${this.expr()} : ${this.expr()}`;
        case 8:
          return `${this.numeric()} ${r.pick(['+', '-', '*', '/', '%'])} ${this.numeric()}`;
        case 9:
          return this.forExpr();
        case 10:
          return `(${this.expr()})`;
        case 11:
          return r.pick([`-${this.traversal()}`, `!${this.traversal()}`, `-${this.number()}`, '!true', '!false']);
        case 12:
          return this.splat();
        case 13:
          return `"\${${this.expr()}}"`;
        case 14:
          return this.condition();
        default:
          return this.quoted(true);
      }
    } finally {
      this.depth--;
    }
  }

  private leaf(): string {
    const r = this.rng;
    switch (r.int(6)) {
      case 0:
        return this.number();
      case 1:
        return r.pick(['true', 'false', 'null']);
      case 2:
        return this.traversal();
      case 3:
        return this.quoted(false);
      default:
        return this.quoted(true);
    }
  }

  private number(): string {
    return this.rng.pick(this.numbers);
  }

  private numeric(): string {
    return this.rng.pick([this.number(), this.traversal(), `length(${this.traversal()})`, `(${this.number()} + 1)`]);
  }

  private condition(): string {
    const r = this.rng;
    const cmp = `${this.numeric()} ${r.pick(['==', '!=', '<', '<=', '>', '>='])} ${this.numeric()}`;
    return r.pick([
      cmp,
      `${cmp} && ${this.traversal()}`,
      `!${this.traversal()} || ${cmp}`,
      `${this.traversal()} != null`,
      `var.env == "prod"`,
      `contains(["a", "b"], var.env)`,
    ]);
  }

  traversal(): string {
    const r = this.rng;
    switch (r.int(8)) {
      case 0:
        return `var.${r.pick(VAR_NAMES)}`;
      case 1:
        return `local.${r.pick(LOCAL_NAMES)}`;
      case 2:
        return `docker_image.${r.pick(IDENTS)}.image_id`;
      case 3:
        return `docker_container.${r.pick(IDENTS)}[${r.int(3)}].name`;
      case 4:
        return `var.${r.pick(VAR_NAMES)}["${r.pick(WORDS)}"]`;
      case 5:
        return `module.${r.pick(IDENTS)}.outputs.${r.pick(IDENTS)}`;
      case 6:
        return `each.value.${r.pick(['name', 'port', 'host'])}`;
      default:
        return `count.index`;
    }
  }

  private splat(): string {
    const r = this.rng;
    return r.pick([
      `docker_container.${r.pick(IDENTS)}[*].name`,
      `docker_container.${r.pick(IDENTS)}.*.id`,
      `var.${r.pick(VAR_NAMES)}[*].ports[0]`,
      `var.${r.pick(VAR_NAMES)}.0.name`,
      `local.${r.pick(LOCAL_NAMES)}[*]`,
    ]);
  }

  private call(): string {
    const r = this.rng;
    switch (r.int(6)) {
      case 0:
        return `join(${this.quoted(false)}, ${this.traversal()})`;
      case 1:
        return `merge(${this.object()}, ${this.traversal()})`;
      case 2:
        return `lookup(${this.traversal()}, ${this.quoted(false)}, ${this.leaf()})`;
      case 3:
        return `concat(${this.traversal()}, [${this.list(() => this.leaf())}]...)`;
      case 4:
        return `provider::terraform::encode_tfvars(${this.object()})`;
      default:
        return `${r.pick(FUNCS)}(${this.expr()})`;
    }
  }

  private forExpr(): string {
    const r = this.rng;
    const cond = r.chance(0.4) ? ` if ${this.condition()}` : '';
    if (r.chance(0.5)) return `[for ${r.pick(['v', 'k, v'])} in ${this.traversal()} : ${this.expr()}${cond}]`;
    const group = r.chance(0.2) ? '...' : '';
    return `{ for k, v in ${this.traversal()} : k => ${this.expr()}${group}${cond} }`;
  }

  private object(): string {
    const r = this.rng;
    const count = r.int(4);
    if (count === 0) return '{}';
    const keys = new Set<string>();
    const items: string[] = [];
    for (let i = 0; i < count; i++) {
      const key = uniqueName(r.pick(['name', 'port', 'host', 'ssl', 'mode', 'enabled']), keys);
      const written = r.pick([key, `"${key}"`, key]);
      items.push(`${written} ${r.pick(['=', ':'])} ${this.expr()}`);
    }
    if (r.chance(0.5)) return `{ ${items.join(', ')} }`;
    return `{\n${items.map((i) => `    ${i}`).join('\n')}\n  }`;
  }

  private list(item: () => string): string {
    const n = this.rng.int(4);
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(item());
    return items.join(', ') + (n > 0 && this.rng.chance(0.2) ? ',' : '');
  }

  /** A quoted string; with `interpolate`, may contain interpolations and directives. */
  quoted(interpolate: boolean): string {
    const r = this.rng;
    let out = '"';
    const pieces = 1 + r.int(4);
    for (let i = 0; i < pieces; i++) {
      switch (interpolate ? r.int(7) : r.int(3)) {
        case 0:
          out += r.pick(WORDS);
          break;
        case 1:
          out += r.pick([
            '\\n',
            '\\t',
            '\\"',
            '\\\\',
            '\\u00e9',
            '$${literal}',
            '%%{x}',
            ' ',
            '-',
            ':',
            '$5 ',
            '100% ',
            'é',
            '😀',
          ]);
          break;
        case 2:
          out += r.pick(WORDS) + ' ';
          break;
        case 3:
        case 4:
          out += `\${${r.pick([this.traversal(), this.traversal(), `lower(${this.traversal()})`, this.number(), 'true'])}}`;
          break;
        case 5:
          out += r.pick([`\${~ ${this.traversal()} ~}`, `%{ if ${this.condition()} }yes%{ else }no%{ endif }`]);
          break;
        default:
          out += `%{ for ${r.pick(['v', 'k, v'])} in ${this.traversal()} }\${v},%{ endfor }`;
      }
    }
    return out + '"';
  }

  private heredoc(indent: string): string {
    const r = this.rng;
    const flush = r.chance(0.6);
    const marker = r.pick(['EOT', 'EOF', 'SQL', 'CONF']);
    const bodyIndent = flush ? indent + '  ' : '';
    const lines: string[] = [];
    const count = 1 + r.int(5);
    for (let i = 0; i < count; i++) {
      const extra = r.chance(0.2) ? '  ' : '';
      switch (r.int(6)) {
        case 0:
          lines.push(`${bodyIndent}${extra}${r.pick(WORDS)} = '${r.pick(WORDS)}'`);
          break;
        case 1:
          lines.push(`${bodyIndent}${extra}host ${r.pick(WORDS)} \${${this.traversal()}} md5`);
          break;
        case 2:
          lines.push('');
          break;
        case 3:
          lines.push(
            `${bodyIndent}%{ for h in ${this.traversal()} ~}`,
            `${bodyIndent}  host \${h}`,
            `${bodyIndent}%{ endfor ~}`,
          );
          break;
        case 4:
          lines.push(`${bodyIndent}%{ if ${this.condition()} }ssl = on%{ else }ssl = off%{ endif }`);
          break;
        default:
          lines.push(`${bodyIndent}${extra}listen = "$\${literal}" # not a comment`);
      }
    }
    return `<<${flush ? '-' : ''}${marker}\n${lines.join('\n')}\n${flush ? indent : ''}${marker}`;
  }
}

function uniqueName(base: string, used: Set<string>): string {
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  used.add(name);
  return name;
}

/** A deterministic corpus of roughly `totalBytes` of Terraform, split into files. */
export function generateCorpus(
  seed: number,
  totalBytes: number,
  style: GeneratorStyle = {},
): { name: string; text: string }[] {
  const rng = new Rng(seed);
  const gen = new TerraformGenerator(rng, style);
  const files: { name: string; text: string }[] = [];
  let size = 0;
  for (let i = 0; size < totalBytes; i++) {
    const text = gen.file({ blocks: 10 + rng.int(40) });
    files.push({ name: `generated_${i}.tf`, text });
    size += text.length;
  }
  return files;
}
