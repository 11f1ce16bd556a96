import type { Document } from 'yaml';
import { locOf, type Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import {
  isMapRef,
  isSeqRef,
  mapEntries,
  nodeLoc,
  scalarText,
  seqItems,
  type NodeRef,
} from '../../parsers/compose/yaml-source.js';

/** Keys whose lists add up across override files and `extends` (compose merge rules). */
const LIST_KEYS = new Set([
  'ports',
  'expose',
  'volumes',
  'cap_add',
  'cap_drop',
  'security_opt',
  'secrets',
  'configs',
  'tmpfs',
  'devices',
  'dns',
  'env_file',
  'networks',
]);

export interface FieldValue {
  ref: NodeRef;
  doc: Document;
  keyLoc: Loc;
  pairLoc: Loc;
}

export interface ListItem {
  ref: NodeRef;
  doc: Document;
  /** For map-form lists (networks): the entry's key. */
  key?: string;
  keyLoc?: Loc;
}

export interface EnvEntry {
  name: string;
  /** The raw value text; undefined for `- NAME` / `NAME:` with no value (taken from the shell: unknown). */
  raw: string | undefined;
  /** The value's own span when there is one, else the entry. */
  valueLoc: Loc;
  entryLoc: Loc;
  file: SourceFile;
  via?: Loc;
}

/** One service after `extends` and override files, as fields that still point at their YAML nodes. */
export interface ServiceSpec {
  name: string;
  file: SourceFile;
  loc: Loc;
  fields: Map<string, FieldValue>;
  lists: Map<string, ListItem[]>;
  environment: Map<string, EnvEntry>;
  labels: Map<string, string>;
  /** Override files and base services the spec was merged from. */
  via: Loc[];
}

export interface ComposeFileModel {
  file: SourceFile;
  doc: Document;
  services: Map<string, ServiceSpec>;
  topLevel: Map<string, FieldValue>;
}

export function readComposeFile(file: SourceFile, doc: Document): ComposeFileModel {
  const topLevel = new Map<string, FieldValue>();
  const services = new Map<string, ServiceSpec>();
  if (!doc.contents) return { file, doc, services, topLevel };
  const root: NodeRef = { node: doc.contents, file };
  for (const entry of mapEntries(root, doc)) {
    if (entry.value) topLevel.set(entry.key, { ref: entry.value, doc, keyLoc: entry.keyLoc, pairLoc: entry.pairLoc });
  }
  const servicesNode = topLevel.get('services');
  if (servicesNode) {
    for (const s of mapEntries(servicesNode.ref, doc)) {
      if (s.value) services.set(s.key, readService(s.key, s.value, s.keyLoc, doc));
    }
  }
  return { file, doc, services, topLevel };
}

function readService(name: string, ref: NodeRef, loc: Loc, doc: Document): ServiceSpec {
  const spec: ServiceSpec = {
    name,
    file: ref.file,
    loc,
    fields: new Map(),
    lists: new Map(),
    environment: new Map(),
    labels: new Map(),
    via: [],
  };
  for (const e of mapEntries(ref, doc)) {
    if (!e.value) continue;
    if (e.key === 'environment') readEnvironment(e.value, doc, spec.environment);
    else if (e.key === 'labels') readLabels(e.value, doc, spec.labels);
    if (LIST_KEYS.has(e.key)) spec.lists.set(e.key, listItems(e.value, doc));
    spec.fields.set(e.key, { ref: e.value, doc, keyLoc: e.keyLoc, pairLoc: e.pairLoc });
  }
  return spec;
}

function listItems(ref: NodeRef, doc: Document): ListItem[] {
  if (isSeqRef(ref)) return seqItems(ref, doc).map((r) => ({ ref: r, doc }));
  if (isMapRef(ref)) {
    return mapEntries(ref, doc).map((e) => ({
      ref: e.value ?? { node: ref.node, file: ref.file },
      doc,
      key: e.key,
      keyLoc: e.keyLoc,
    }));
  }
  // tmpfs, env_file and dns may be a single string
  return [{ ref, doc }];
}

function readEnvironment(ref: NodeRef, doc: Document, out: Map<string, EnvEntry>): void {
  if (isMapRef(ref)) {
    for (const e of mapEntries(ref, doc)) {
      out.set(e.key, {
        name: e.key,
        raw: scalarText(e.value),
        valueLoc: e.value && scalarText(e.value) !== undefined ? innerSpan(e.value, 0) : e.pairLoc,
        entryLoc: e.pairLoc,
        file: ref.file,
        via: e.value?.via,
      });
    }
    return;
  }
  for (const item of seqItems(ref, doc)) {
    const text = scalarText(item);
    if (text === undefined) continue;
    const eq = text.indexOf('=');
    const entryLoc = nodeLoc(item);
    out.set(eq < 0 ? text : text.slice(0, eq), {
      name: eq < 0 ? text : text.slice(0, eq),
      raw: eq < 0 ? undefined : text.slice(eq + 1),
      valueLoc: eq < 0 ? entryLoc : innerSpan(item, eq + 1),
      entryLoc,
      file: item.file,
      via: item.via,
    });
  }
}

function readLabels(ref: NodeRef, doc: Document, out: Map<string, string>): void {
  if (isMapRef(ref)) {
    for (const e of mapEntries(ref, doc)) out.set(e.key, scalarText(e.value) ?? '');
    return;
  }
  for (const item of seqItems(ref, doc)) {
    const text = scalarText(item) ?? '';
    const eq = text.indexOf('=');
    out.set(eq < 0 ? text : text.slice(0, eq), eq < 0 ? '' : text.slice(eq + 1));
  }
}

/** The span of a scalar's text from character `from` of its value, without quotes (plain or simply quoted). */
export function innerSpan(ref: NodeRef, from: number): Loc {
  const loc = nodeLoc(ref);
  const raw = ref.file.text.slice(loc.start.offset, loc.end.offset);
  const quoted = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]);
  const start = loc.start.offset + (quoted ? 1 : 0) + from;
  const end = loc.end.offset - (quoted ? 1 : 0);
  return start > end ? loc : locOf(ref.file, start, end);
}

/** Override files and `extends`: later specs win per key; lists add up; environment and labels merge by key. */
export function mergeService(base: ServiceSpec, over: ServiceSpec): ServiceSpec {
  const merged: ServiceSpec = {
    name: over.name,
    file: over.file,
    loc: over.loc,
    fields: new Map(base.fields),
    lists: new Map(base.lists),
    environment: new Map(base.environment),
    labels: new Map(base.labels),
    via: [...base.via, base.loc, ...over.via],
  };
  for (const [k, v] of over.fields) if (k !== 'extends') merged.fields.set(k, v);
  for (const [k, items] of over.lists) {
    const existing = k === 'networks' ? [] : (merged.lists.get(k) ?? []);
    merged.lists.set(k, [...existing, ...items]);
  }
  for (const [k, v] of over.environment) merged.environment.set(k, v);
  for (const [k, v] of over.labels) merged.labels.set(k, v);
  return merged;
}
