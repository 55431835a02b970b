// Small figures helpers shared by the benches.

/** The p-th percentile (nearest rank, p in 0..100) of the values; NaN when there are none. */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** Rounds to two decimals. */
export const round = (value: number) => Math.round(value * 100) / 100;
