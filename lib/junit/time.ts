import { z } from "zod";

// `time` is seconds as a decimal; old Surefire versions wrote thousands separators ("1,234.5").
const DECIMAL = /^\d+(\.\d+)?([eE][-+]?\d+)?$/;
const THOUSANDS = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

const SECONDS = z
  .string()
  .trim()
  .transform((value) => (THOUSANDS.test(value) ? value.replaceAll(",", "") : value))
  .pipe(z.string().regex(DECIMAL))
  .transform(Number)
  .pipe(z.number().finite().nonnegative());

/** Seconds from a JUnit `time` attribute; null when missing or not a plain non-negative number. */
export function readSeconds(value: string | undefined): number | null {
  const parsed = SECONDS.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Whole milliseconds from seconds, keeping null. */
export function toMs(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds * 1000);
}
