import { liveLoc, locOf, type Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import type { JsonBase, JsonEntry, JsonString } from '../../parsers/json/json-with-ranges.js';

/** Turns JSON ranges into model locations: file positions for inspect files, live locations for API objects. */
export interface Locator {
  /** The deployment's file: the inspect file, or the Docker host for API objects. */
  file: string;
  at(node: JsonBase): Loc;
  /** The key of an entry (a one-line anchor for defaults of a missing field). */
  key(entry: JsonEntry, path: string): Loc;
  /** Characters [from, to) of a string value; the whole string when it has escapes. */
  inString(node: JsonString, from: number, to: number): Loc;
}

export function fileLocator(file: SourceFile): Locator {
  return {
    file: file.rel,
    at: (node) => locOf(file, node.start, node.end),
    key: (entry) => locOf(file, entry.keyStart, entry.keyEnd),
    inString: (node, from, to) =>
      node.plain ? locOf(file, node.start + 1 + from, node.start + 1 + to) : locOf(file, node.start, node.end),
  };
}

/** API objects have no file: name the container and the JSON path, e.g. `container db HostConfig.Privileged`. */
export function liveLocator(target: string, container: string): Locator {
  const object = (path: string) => {
    const inner = path.replace(/^\[\d+\]\.?/, '');
    return `container ${container}${inner ? ' ' + inner : ''}`;
  };
  return {
    file: target,
    at: (node) => liveLoc(target, object(node.path)),
    key: (_entry, path) => liveLoc(target, object(path)),
    inString: (node) => liveLoc(target, object(node.path)),
  };
}
