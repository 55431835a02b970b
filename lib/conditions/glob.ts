// pat() globs: `*` any run of characters (none included), `?` exactly one, everything else literal,
// anchored at both ends and case-sensitive (Gatus's pat()). A regular expression built from the glob
// backtracks: `*a*a*a*b` against a megabyte of "a" froze the server for minutes. Here the glob is split
// at its stars: the first piece must start the text, the last must end it, and each piece between is
// found leftmost after the previous one (taking the leftmost never loses a match, since a later star can
// absorb whatever an earlier one left). Pieces are searched with indexOf, so a match is linear in the
// text in practice and O(text × glob) at worst, never exponential.
// Characters are UTF-16 code units, as the regular expression (no `u` flag) matched them before.

const ANY_ONE = "?".charCodeAt(0);

/** Whether `piece` (literal characters and `?`) matches the text at `at`; the caller checks the length. */
function matchesAt(text: string, at: number, piece: string): boolean {
  for (let i = 0; i < piece.length; i += 1) {
    const code = piece.charCodeAt(i);
    if (code !== ANY_ONE && code !== text.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The piece's runs of literal characters, each with where it starts in the piece. */
function literalRuns(piece: string): Array<{ offset: number; run: string }> {
  const runs: Array<{ offset: number; run: string }> = [];
  let offset = 0;
  for (const run of piece.split("?")) {
    if (run !== "") runs.push({ offset, run });
    offset += run.length + 1;
  }
  return runs;
}

/**
 * The leftmost start ≥ `from` where the piece matches and ends by `end`, or -1. Each literal run is looked
 * up with indexOf from where the candidate needs it; a run found later moves the candidate there (leapfrog),
 * a run found nowhere ends the search. When every run sits where the candidate needs it, the `?` between
 * them match anything: the candidate is the match.
 */
function findPiece(text: string, piece: string, from: number, end: number): number {
  const runs = literalRuns(piece);
  let start = from;
  while (start + piece.length <= end) {
    let moved = false;
    for (const { offset, run } of runs) {
      const hit = text.indexOf(run, start + offset);
      if (hit < 0) return -1;
      if (hit - offset > start) {
        start = hit - offset;
        moved = true;
        break;
      }
    }
    if (!moved) return start;
  }
  return -1;
}

/** Whether the whole text matches the glob. */
export function globMatches(glob: string, text: string): boolean {
  const pieces = glob.split("*");
  const first = pieces[0] ?? "";
  if (pieces.length === 1) return glob.length === text.length && matchesAt(text, 0, glob);
  const last = pieces[pieces.length - 1] ?? "";
  const end = text.length - last.length;
  if (first.length > end || !matchesAt(text, 0, first) || !matchesAt(text, end, last)) return false;
  let at = first.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = findPiece(text, piece, at, end);
    if (found < 0) return false;
    at = found + piece.length;
  }
  return true;
}
