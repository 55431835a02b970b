// A strict reader of Prometheus text format 0.0.4 for tests: every line must be a HELP/TYPE comment or a
// sample `name{label="value",…} value`; anything else throws, naming the line.

/** One parsed sample line, label values unescaped. */
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Everything a scrape holds. */
export interface ParsedExposition {
  help: Map<string, string>;
  type: Map<string, string>;
  samples: ParsedSample[];
}

const COMMENT = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;

function unescape(text: string): string {
  return text.replace(/\\([\\"n])/g, (_match, char: string) => (char === "n" ? "\n" : char));
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`bad labels in line: ${line}`);
    labels[match[1]!] = unescape(match[2]!);
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  const value = text === "+Inf" ? Infinity : text === "-Inf" ? -Infinity : Number(text);
  if (Number.isNaN(value) && text !== "NaN") throw new Error(`bad value in line: ${line}`);
  return value;
}

/** Parses a scrape; throws on a malformed line or a family whose HELP or TYPE appears twice. */
export function parseExposition(text: string): ParsedExposition {
  const parsed: ParsedExposition = { help: new Map(), type: new Map(), samples: [] };
  if (text !== "" && !text.endsWith("\n")) throw new Error("exposition must end with a line feed");
  for (const line of text.split("\n").slice(0, -1)) {
    const comment = COMMENT.exec(line);
    if (comment) {
      const map = comment[1] === "HELP" ? parsed.help : parsed.type;
      if (map.has(comment[2]!)) throw new Error(`${comment[1]} twice for ${comment[2]}`);
      map.set(comment[2]!, comment[3]!);
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`neither a comment nor a sample: ${JSON.stringify(line)}`);
    parsed.samples.push({ name: sample[1]!, labels: parseLabels(sample[2] ?? "", line), value: parseValue(sample[3]!, line) });
  }
  return parsed;
}

/** The samples of one family whose labels include `match`. */
export function samplesOf(parsed: ParsedExposition, name: string, match: Record<string, string> = {}): ParsedSample[] {
  return parsed.samples.filter((s) => s.name === name && Object.entries(match).every(([key, value]) => s.labels[key] === value));
}
