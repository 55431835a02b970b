// Whether a request accepts a gzip body (RFC 9110 §12.5.3): `gzip` (or `x-gzip`) with a weight above 0, or
// `*` above 0 when gzip is not named. Pure, so the rule is tested as a table (tests/unit/accept-encoding.test.ts).

/** Each coding of the header with its weight (q defaults to 1). */
function codings(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.split(";").map((piece) => piece.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((param) => param.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  return weights;
}

/** Whether `accept-encoding` allows a gzip body. */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  const weights = codings(header);
  const named = weights.get("gzip") ?? weights.get("x-gzip");
  if (named !== undefined) return named > 0;
  return (weights.get("*") ?? 0) > 0;
}
