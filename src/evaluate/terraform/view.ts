import type { Loc } from '../../core/location.js';
import type { SourceFile } from '../../core/source.js';
import type { Expression } from '../../parsers/hcl/index.js';
import type { TfValue, Via } from './values.js';

/**
 * A configured block as the adapter reads it, whatever it came from: an evaluated `.tf` resource or a resource
 * in plan JSON. Values are evaluated; locations point at the text that holds them.
 */
export interface BlockView {
  /** The block's header (`resource "docker_container" "pg" {`), or the resource object in a plan. */
  loc: Loc;
  file: string;
  attr(name: string): AttrView | undefined;
  /** Nested blocks of a type, with `dynamic` blocks expanded. */
  blocks(type: string): BlockView[];
  /** Provenance shared by everything in the block (a dynamic block's iteration, an override file). */
  via?: Via[];
}

export interface AttrView {
  name: string;
  value: TfValue;
  /** The value expression as written in this block. */
  loc: Loc;
  /** The whole `name = value`. */
  attrLoc: Loc;
  /** The value expression is a literal written right here (not a reference, function or interpolation). */
  literal: boolean;
  /** An override file replaced this attribute. */
  overriddenIn?: Loc;
  /** Configuration only: the expression, its file, and how to evaluate a part of it in the same scope. */
  expr?: Expression;
  file?: SourceFile;
  evaluatePart?: (e: Expression) => TfValue;
}
