/**
 * A small JSON Schema (draft-07) validator for the keywords the configuration schema uses, with messages written
 * for people. The schema file is the single source of truth; a keyword this validator does not know is refused
 * when the schema is loaded, so the two cannot drift apart silently (the tests also check it against Ajv).
 */
export type JsonPath = Array<string | number>;

export interface SchemaError {
  path: JsonPath;
  message: string;
  /** For an unknown key: the key itself is where the error is (not its value). */
  atKey?: boolean;
}

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minLength?: number;
  minProperties?: number;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
}

const KNOWN_KEYWORDS = new Set([
  '$schema',
  '$id',
  '$ref',
  'title',
  'description',
  'type',
  'enum',
  'const',
  'pattern',
  'format',
  'minLength',
  'minProperties',
  'minItems',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'oneOf',
  'anyOf',
  'definitions',
]);

/** Throws when the schema uses a keyword this validator does not implement. */
export function assertSupportedSchema(schema: unknown, where = '#'): void {
  if (typeof schema !== 'object' || schema === null) return;
  for (const [key, value] of Object.entries(schema)) {
    if (!KNOWN_KEYWORDS.has(key)) throw new Error(`config schema: unsupported keyword "${key}" at ${where}`);
    if (key === 'properties' || key === 'definitions') {
      for (const [name, sub] of Object.entries(value as Record<string, unknown>))
        assertSupportedSchema(sub, `${where}/${key}/${name}`);
    } else if (key === 'oneOf' || key === 'anyOf') {
      (value as unknown[]).forEach((sub, i) => assertSupportedSchema(sub, `${where}/${key}/${i}`));
    } else if (
      key === 'items' ||
      key === 'propertyNames' ||
      (key === 'additionalProperties' && typeof value === 'object')
    ) {
      assertSupportedSchema(value, `${where}/${key}`);
    }
  }
}

function typeOf(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'array';
  if (typeof data === 'number') return Number.isInteger(data) ? 'integer' : 'number';
  return typeof data;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};

function shown(data: unknown): string {
  const t = typeOf(data);
  if (t === 'object') return 'a mapping';
  if (t === 'array') return 'a list';
  if (t === 'null') return 'nothing';
  return JSON.stringify(data);
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

export class SchemaValidator {
  constructor(private readonly root: JsonSchema) {
    assertSupportedSchema(root);
  }

  validate(data: unknown): SchemaError[] {
    return this.check(this.root, data, []);
  }

  private resolve(schema: JsonSchema): JsonSchema {
    let s = schema;
    for (let depth = 0; s.$ref && depth < 20; depth++) {
      const m = /^#\/definitions\/(.+)$/.exec(s.$ref);
      const target = m?.[1] ? this.root.definitions?.[m[1]] : undefined;
      if (!target) throw new Error(`config schema: cannot resolve ${s.$ref}`);
      const { $ref: _ref, ...rest } = s;
      s = { ...target, ...rest };
    }
    return s;
  }

  /** What a schema accepts, in words: `one of dev, staging, prod`, `a mapping`. */
  private describe(schema: JsonSchema): string {
    const s = this.resolve(schema);
    if (s.enum) return `one of ${s.enum.map((v) => String(v)).join(', ')}`;
    if (s.const !== undefined) return JSON.stringify(s.const);
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    if (types.length) return types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
    const branches = s.oneOf ?? s.anyOf;
    if (branches) return branches.map((b) => this.describe(b)).join(', or ');
    return 'a value';
  }

  /** Whether data has a type the schema could accept at all (to pick the branch a user meant). */
  private typeFits(schema: JsonSchema, data: unknown): boolean {
    const s = this.resolve(schema);
    const t = typeOf(data);
    if (s.enum) return s.enum.some((v) => typeOf(v) === t || (t === 'integer' && typeof v === 'number'));
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    if (types.length) return types.includes(t) || (t === 'integer' && types.includes('number'));
    const branches = s.oneOf ?? s.anyOf;
    if (branches) return branches.some((b) => this.typeFits(b, data));
    return true;
  }

  private check(schema: JsonSchema, data: unknown, path: JsonPath): SchemaError[] {
    const s = this.resolve(schema);
    const errors: SchemaError[] = [];
    const fail = (message: string) => errors.push({ path, message });
    const t = typeOf(data);
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) {
        fail(`must be ${types.map((x) => TYPE_WORDS[x] ?? x).join(' or ')} (got ${shown(data)})`);
        return errors;
      }
    }
    if (s.enum && !s.enum.some((v) => v === data)) {
      fail(`must be one of ${s.enum.map((v) => String(v)).join(', ')} (got ${shown(data)})`);
      return errors;
    }
    if (s.const !== undefined && s.const !== data) fail(`must be ${JSON.stringify(s.const)} (got ${shown(data)})`);
    if (typeof data === 'string') {
      if (s.minLength !== undefined && data.length < s.minLength) fail('must not be empty');
      else if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(data)) {
        fail(`${JSON.stringify(data)} does not have the expected form (${s.pattern})`);
      }
      if (s.format === 'date' && !isIsoDate(data)) fail(`${JSON.stringify(data)} is not a date (write YYYY-MM-DD)`);
    }
    if (t === 'array' && Array.isArray(data)) {
      if (s.minItems !== undefined && data.length < s.minItems) fail(`needs at least ${s.minItems} item(s)`);
      if (s.items) data.forEach((item, i) => errors.push(...this.check(s.items as JsonSchema, item, [...path, i])));
    }
    if (t === 'object') {
      const obj = data as Record<string, unknown>;
      const keys = Object.keys(obj);
      if (s.minProperties !== undefined && keys.length < s.minProperties) fail('must not be empty');
      for (const r of s.required ?? []) if (!(r in obj)) fail(`needs "${r}"`);
      for (const key of keys) {
        const value = obj[key];
        if (s.propertyNames) {
          const keyErrors = this.check(s.propertyNames, key, [...path, key]);
          for (const e of keyErrors) errors.push({ path: [...path, key], message: `key ${e.message}`, atKey: true });
          if (keyErrors.length) continue;
        }
        const declared = s.properties?.[key];
        if (declared) errors.push(...this.check(declared, value, [...path, key]));
        else if (s.additionalProperties === false) {
          const hint = closest(key, Object.keys(s.properties ?? {}));
          errors.push({
            path: [...path, key],
            message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
            atKey: true,
          });
        } else if (typeof s.additionalProperties === 'object') {
          errors.push(...this.check(s.additionalProperties, value, [...path, key]));
        }
      }
    }
    const branches = s.oneOf ?? s.anyOf;
    if (branches) {
      const results = branches.map((b) => this.check(b, data, path));
      const passing = results.filter((r) => r.length === 0).length;
      if (passing === 0) {
        const fitting = branches.map((b, i) => ({ b, i })).filter(({ b }) => this.typeFits(b, data));
        const only = fitting.length === 1 ? fitting[0] : undefined;
        if (only) errors.push(...(results[only.i] ?? []));
        else fail(`must be ${branches.map((b) => this.describe(b)).join(', or ')} (got ${shown(data)})`);
      } else if (s.oneOf && passing > 1) fail('matches more than one of the allowed forms');
    }
    return errors;
  }
}

/** `rules.PGW201.severity`, `ignore[0].reason`, `environments.paths["**\/dev/**"]`. */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out || '(top level)';
}
