import { errorAt, positionAt } from "./errors";

/** Deepest element nesting accepted; real reports (testsuites > suite > … > testcase > failure) stay far below. */
export const MAX_DEPTH = 64;

interface OpenTag {
  name: string;
  index: number;
}

interface ScanState {
  xml: string;
  open: OpenTag[];
  rootSeen: boolean;
}

const NAME_END = /[\s/>]/;

/**
 * Structural pre-scan before any XML library sees the text: refuses DTDs (XXE, billion laughs),
 * nesting deeper than MAX_DEPTH, a second root and truncation, each with its position.
 * The validator does not catch a second root after a self-closing one, and reports
 * truncation at line 1; the parser would recurse on depth — hence this linear pass.
 */
export function scanMarkup(xml: string): void {
  const state: ScanState = { xml, open: [], rootSeen: false };
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const end = lt === -1 ? xml.length : lt;
    if (state.rootSeen && state.open.length === 0) checkNoTrailingText(xml, i, end);
    if (lt === -1) break;
    i = xml.startsWith("<!", lt) || xml.startsWith("<?", lt) ? skipSpecial(xml, lt) : scanTag(state, lt);
  }
  const unclosed = state.open.at(-1);
  if (unclosed) {
    const { line, column } = positionAt(xml, unclosed.index);
    const reason = `unexpected end of document: <${unclosed.name}> opened at line ${line}, column ${column} is not closed`;
    throw errorAt(xml, xml.length, "MALFORMED_XML", reason);
  }
  if (!state.rootSeen) throw errorAt(xml, 0, "MALFORMED_XML", "the document has no root element");
}

/** Only whitespace, comments and processing instructions may follow the root element. */
function checkNoTrailingText(xml: string, from: number, to: number): void {
  for (let i = from; i < to; i += 1) {
    if (!/\s/.test(xml.charAt(i))) throw errorAt(xml, i, "MALFORMED_XML", "text after the root element");
  }
}

/** Skips a comment, CDATA section or processing instruction; refuses DOCTYPE and ENTITY declarations. */
function skipSpecial(xml: string, lt: number): number {
  const head = xml.slice(lt, lt + 9).toUpperCase();
  if (head.startsWith("<!DOCTYPE") || head.startsWith("<!ENTITY")) {
    throw errorAt(xml, lt, "FORBIDDEN_XML", "DOCTYPE and ENTITY declarations are not accepted in JUnit reports");
  }
  const terminator = head.startsWith("<!--") ? "-->" : head.startsWith("<![CDATA[") ? "]]>" : head.startsWith("<?") ? "?>" : null;
  if (terminator === null) throw errorAt(xml, lt, "MALFORMED_XML", "unexpected markup declaration");
  const close = xml.indexOf(terminator, lt + 2);
  if (close === -1) throw errorAt(xml, xml.length, "MALFORMED_XML", `unexpected end of document: missing "${terminator}"`);
  return close + terminator.length;
}

/** Reads one start or end tag (attribute values may hold '>'), tracking depth and the single root. */
function scanTag(state: ScanState, lt: number): number {
  const { xml, open } = state;
  const gt = findTagEnd(xml, lt);
  if (gt === -1) {
    const { line, column } = positionAt(xml, lt);
    const reason = `unexpected end of document inside <${tagName(xml, lt)}> started at line ${line}, column ${column}`;
    throw errorAt(xml, xml.length, "MALFORMED_XML", reason);
  }
  if (xml.charAt(lt + 1) === "/") {
    if (!open.pop()) throw errorAt(xml, lt, "MALFORMED_XML", "closing tag without a matching start tag");
    return gt + 1;
  }
  if (state.rootSeen && open.length === 0) throw errorAt(xml, lt, "MALFORMED_XML", "a second root element");
  state.rootSeen = true;
  if (open.length >= MAX_DEPTH) {
    throw errorAt(xml, lt, "TOO_DEEP", `elements are nested deeper than ${MAX_DEPTH} levels`);
  }
  if (xml.charAt(gt - 1) === "/") return gt + 1;
  open.push({ name: tagName(xml, lt), index: lt });
  return gt + 1;
}

/** The element name of the tag starting at `lt` (for messages), at most 100 characters. */
function tagName(xml: string, lt: number): string {
  const rest = xml.slice(lt + 1, lt + 101);
  const end = rest.search(NAME_END);
  return end === -1 ? rest : rest.slice(0, end);
}

/** Index of the '>' closing the tag that starts at `lt`, skipping quoted attribute values; -1 if none. */
function findTagEnd(xml: string, lt: number): number {
  let quote = "";
  for (let i = lt + 1; i < xml.length; i += 1) {
    const c = xml.charAt(i);
    if (quote !== "") {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ">") {
      return i;
    }
  }
  return -1;
}
