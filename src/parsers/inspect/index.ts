/**
 * `docker inspect` output (an array of container objects) and Docker Engine API container objects
 * (`GET /containers/{id}/json`): syntax only, with exact ranges for every value.
 */
import { member, parseJsonWithRanges, type JsonNode, type JsonObject } from '../json/json-with-ranges.js';

export * from '../json/json-with-ranges.js';

export interface ParsedInspect {
  /** Container objects, in document order. */
  containers: JsonObject[];
  /** Array elements that are not containers (an image or a network inspected in the same run). */
  others: Array<{ node: JsonNode; why: string }>;
  error?: { message: string; offset: number };
}

/** A container object has `Config` and `HostConfig` (images have `Config` and no `HostConfig`). */
export function isContainerObject(node: JsonNode): node is JsonObject {
  return (
    node.kind === 'object' && member(node, 'HostConfig')?.kind === 'object' && member(node, 'Config') !== undefined
  );
}

export function parseInspectText(text: string): ParsedInspect {
  const parsed = parseJsonWithRanges(text);
  const out: ParsedInspect = { containers: [], others: [] };
  if (parsed.error || !parsed.value) {
    out.error = parsed.error ?? { message: 'empty input', offset: 0 };
    return out;
  }
  const top = parsed.value;
  const elements = top.kind === 'array' ? top.items : [top];
  for (const node of elements) {
    const kind: string = node.kind;
    if (isContainerObject(node)) out.containers.push(node);
    else
      out.others.push({
        node,
        why:
          kind === 'object'
            ? 'an object without Config and HostConfig (not a container)'
            : `a ${kind}, not a container`,
      });
  }
  return out;
}
