// If-None-Match against one entity tag (RFC 9110 §13.1.2): weak comparison, `*` matches anything, a list is
// comma-separated. Pure, so the rule is tested as a table.

/** The tag without its weak prefix: If-None-Match compares weakly. */
const opaque = (tag: string) => tag.trim().replace(/^W\//, "");

/** Whether the request's If-None-Match names `etag` (the client's copy is current: answer 304). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((candidate) => opaque(candidate) === opaque(etag));
}
