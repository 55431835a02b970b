// Fetches a JSON API route and turns an error body `{"error":{"code","message"}}` into a thrown Error.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** What the error body carries beside code and message (e.g. `allowed` moves, `state`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** GETs `url` and returns its JSON body, or throws ApiError with the server's code and message. */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const { code, message, ...details } = (body as { error?: { code?: string; message?: string } & Record<string, unknown> } | null)?.error ?? {};
    throw new ApiError(response.status, code ?? "HTTP_" + response.status, message ?? response.statusText, details);
  }
  return body as T;
}
