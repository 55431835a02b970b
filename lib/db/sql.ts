import "server-only";

/** Rows per multi-row INSERT: 500 rows × ~11 columns stays far below PostgreSQL's 65,535 parameters. */
const BATCH_SIZE = 500;

/** A timestamp accepted on input: a Date or anything `new Date()` parses (ISO 8601 preferred). */
export type TimeInput = Date | string;

/** Normalises a driver timestamp (Date on both backends) or input to an ISO 8601 UTC string. */
export function toIso(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a timestamp: ${String(value)}`);
  return date.toISOString();
}

/** Serialises a value for a `$n::jsonb` parameter; undefined and null become SQL NULL. */
export function toJsonParam(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Builds `($1::a,$2::b),($3::a,$4::b)…` for rowCount rows with one cast per column. */
export function buildValuesList(rowCount: number, casts: readonly string[]): string {
  const rows: string[] = [];
  for (let row = 0; row < rowCount; row += 1) {
    const cells = casts.map((cast, column) => `$${row * casts.length + column + 1}::${cast}`);
    rows.push(`(${cells.join(",")})`);
  }
  return rows.join(",");
}

/** Splits items into consecutive chunks of at most size. */
export function chunk<T>(items: readonly T[], size: number = BATCH_SIZE): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Returns the single row a RETURNING or keyed statement must produce; throws if it produced none. */
export function firstRow<T>(rows: readonly T[], statement: string): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`${statement} returned no row`);
  return row;
}
