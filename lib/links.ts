// Links people type into the dashboard (sign-off proof). Only http and https are ever stored or drawn as
// a link: `javascript:` or `data:` in an href would run in every reader's session.

/** Longest link accepted (a long CI or dashboard URL fits; a pasted document does not). */
export const MAX_LINK_CHARS = 2000;

/** The URL when `value` is an absolute http(s) URL of at most MAX_LINK_CHARS, else null. */
export function httpLink(value: unknown): string | null {
  if (typeof value !== "string" || value.length > MAX_LINK_CHARS) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? value : null;
  } catch {
    return null;
  }
}
