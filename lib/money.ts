// Shared by the pages (components/impact) and the notification texts (lib/notify), server and client alike.

/** "$525,000" in the config's currency. */
export function money(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
}
