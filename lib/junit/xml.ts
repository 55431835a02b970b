import { XMLParser, XMLValidator, type X2jOptions, type validationOptions } from "fast-xml-parser";
import { JUnitError } from "./errors";
import { MAX_DEPTH, scanMarkup } from "./scan";

/** One element of a parsed report: entity-decoded attributes, child elements and its own text. */
export interface XmlElement {
  tag: string;
  attrs: Readonly<Record<string, string>>;
  children: XmlElement[];
  text: string;
}

const ATTR_PREFIX = "@_";

// Same rules for the validator as for the parser: JUnit never writes value-less attributes.
const VALIDATOR_OPTIONS: validationOptions = { allowBooleanAttributes: false, unpairedTags: [] };

// Every option that bounds work or expands input is written out, so a library default can never loosen it.
const PARSER_OPTIONS: X2jOptions = {
  preserveOrder: true, // uniform node shape in document order; no guessing which tags become arrays
  ignoreAttributes: false, // counts, names, times and messages all live in attributes
  attributeNamePrefix: ATTR_PREFIX,
  allowBooleanAttributes: false,
  parseTagValue: false, // keep text as text: a test named "1e3" must not turn into 1000
  parseAttributeValue: false,
  trimValues: true,
  cdataPropName: "#cdata", // CDATA kept apart so only escaped text is entity-decoded (by decodeEntities)
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: false,
  // Entities off: scanMarkup already refused any DOCTYPE, and the five predefined ones are decoded
  // below without expansion. Every limit at its minimum so that a bypass still could not expand.
  processEntities: {
    enabled: false,
    maxEntitySize: 1,
    maxExpansionDepth: 1,
    maxTotalExpansions: 1,
    maxExpandedLength: 1,
    maxEntityCount: 1,
  },
  maxNestedTags: MAX_DEPTH, // backstop: scanMarkup refuses deeper documents first, with a position
  strictReservedNames: true,
  stopNodes: [],
  unpairedTags: [],
};

const PREDEFINED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g;

/** Decodes the five predefined entities and character references in one pass; nothing expands recursively. */
function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, ref: string) => {
    const named = PREDEFINED[ref];
    if (named !== undefined) return named;
    const code = ref.startsWith("#x") ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return isXmlChar(code) ? String.fromCodePoint(code) : whole;
  });
}

/** XML 1.0 `Char` production: what a character reference may stand for. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Scans, validates, then parses a document into its root element; throws JUnitError for anything refused. */
export function readXml(source: string): XmlElement {
  const xml = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  scanMarkup(xml);
  const verdict = XMLValidator.validate(xml, VALIDATOR_OPTIONS);
  if (verdict !== true) {
    throw new JUnitError("MALFORMED_XML", verdict.err.msg, verdict.err.line, verdict.err.col);
  }
  let nodes: unknown;
  try {
    nodes = new XMLParser(PARSER_OPTIONS).parse(xml);
  } catch {
    // The parser throws plain Errors; after scan and validation only its own refusals
    // (e.g. reserved property names) remain, and those are the document's fault.
    throw new JUnitError("MALFORMED_XML", "the XML parser refused the document");
  }
  const root = toElements(nodes)[0];
  if (!root) throw new JUnitError("MALFORMED_XML", "the document has no root element");
  return root;
}

type OrderedNode = Record<string, unknown>;

/** Converts fast-xml-parser's preserveOrder nodes to XmlElements (depth is bounded by scanMarkup). */
function toElements(nodes: unknown): XmlElement[] {
  if (!Array.isArray(nodes)) return [];
  const out: XmlElement[] = [];
  for (const node of nodes as OrderedNode[]) {
    const tag = Object.keys(node).find((key) => key !== ":@" && key !== "#text" && key !== "#cdata");
    if (tag === undefined) continue;
    const children = node[tag];
    out.push({ tag, attrs: readAttrs(node[":@"]), children: toElements(children), text: readText(children) });
  }
  return out;
}

/** Attribute values of one element, prefix removed and entities decoded. */
function readAttrs(raw: unknown): Record<string, string> {
  const attrs: Record<string, string> = Object.create(null) as Record<string, string>;
  if (raw === null || typeof raw !== "object") return attrs;
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith(ATTR_PREFIX)) attrs[key.slice(ATTR_PREFIX.length)] = decodeEntities(String(value));
  }
  return attrs;
}

/** Direct text of an element: escaped text decoded, CDATA taken verbatim, pieces joined by newlines. */
function readText(children: unknown): string {
  if (!Array.isArray(children)) return "";
  const pieces: string[] = [];
  for (const child of children as OrderedNode[]) {
    if ("#text" in child) pieces.push(decodeEntities(String(child["#text"])));
    if ("#cdata" in child) pieces.push(...toTexts(child["#cdata"]));
  }
  return pieces.filter((piece) => piece !== "").join("\n");
}

/** The text nodes inside a CDATA node. */
function toTexts(cdata: unknown): string[] {
  if (!Array.isArray(cdata)) return [];
  return (cdata as OrderedNode[]).map((node) => String(node["#text"] ?? ""));
}
