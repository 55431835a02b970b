import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import type { ProblemPath } from "./problems";

// Maps a path from zod or the reference checks back to a line of the YAML source.

/** The 1-based line where `node` starts, when the document kept its positions. */
export function lineOf(node: Node, lineCounter?: LineCounter): number | undefined {
  const offset = node.range?.[0];
  return lineCounter && offset !== undefined ? lineCounter.linePos(offset).line : undefined;
}

/** The key of a map pair as the string zod would use in a path. */
function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** One step down from `node` along `segment`: the child node, and the node whose line names that child. */
function stepInto(doc: Document, node: unknown, segment: PropertyKey): { child: unknown; anchor: unknown } | undefined {
  const target = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(target)) {
    const pair = target.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
    return pair ? { child: pair.value, anchor: pair.key ?? pair.value } : undefined;
  }
  if (isSeq(target) && typeof segment === "number") {
    const item = target.items[segment];
    return item === undefined ? undefined : { child: item, anchor: item };
  }
  return undefined;
}

/**
 * The line of the node at `path`: the key's line for a map entry, the item's line for a list entry, and for
 * something missing (a required key, an index past the end) the line of the nearest parent that exists.
 */
export function locateLine(doc: Document, lineCounter: LineCounter, path: ProblemPath): number | undefined {
  let node: unknown = doc.contents;
  let anchor: unknown = doc.contents;
  for (const segment of path) {
    const step = stepInto(doc, node, segment);
    if (!step) break;
    node = step.child;
    anchor = step.anchor;
  }
  return isNodeWithRange(anchor) ? lineOf(anchor, lineCounter) : undefined;
}

/** Whether `value` is a YAML node that may carry a source range. */
function isNodeWithRange(value: unknown): value is Node {
  return typeof value === "object" && value !== null && "range" in value;
}
