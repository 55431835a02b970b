import { ApiError } from "@/lib/queries/fetch-json";

// The lists an API error carries beside its message (a 409's `allowed` moves, `unmet` criteria), as lines
// of text for the page. A list the message already spells out is not repeated.

/** One readable name for a list item: a string as is, an object by its title or id. */
function itemName(item: unknown): string {
  if (typeof item === "string" || typeof item === "number") return String(item);
  if (typeof item === "object" && item !== null) {
    const { title, id } = item as { title?: unknown; id?: unknown };
    if (typeof title === "string" && typeof id === "string") return `${title} (${id})`;
    if (typeof id === "string") return id;
  }
  return JSON.stringify(item);
}

/** "unmet: golden-path, customer-validation" for each non-empty list in the error's details. */
export function errorDetailLines(error: Error | null): string[] {
  if (!(error instanceof ApiError)) return [];
  return Object.entries(error.details).flatMap(([key, value]) => {
    if (!Array.isArray(value) || value.length === 0) return [];
    const names = value.map(itemName);
    return names.every((name) => error.message.includes(name)) ? [] : [`${key}: ${names.join(", ")}`];
  });
}
