import "server-only";
import type { z } from "zod";
import { AppError } from "../errors";

// Every route reads its body through readLimitedText: a declared Content-Length over the cap is refused
// before one byte is read, and a chunked body is counted as it streams and cut off at the cap, so no
// request can make the server buffer more than the cap.

/** Largest JSON body any route accepts (the biggest legitimate one, a status update, is a few KB). */
export const MAX_JSON_BYTES = 64 * 1024;

/** Reads at most `limit` bytes of the body; a larger body is a 413 before anything parses it. */
export async function readLimitedText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses JSON text with a zod schema; malformed JSON or a wrong shape is a 400 naming the field. */
export function parseJsonText<T extends z.ZodType>(text: string, schema: T, emptyAs?: unknown): z.output<T> {
  let json: unknown = emptyAs;
  if (text.trim() !== "" || emptyAs === undefined) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError("BAD_REQUEST", "body must be valid JSON");
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("BAD_REQUEST", `${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** Reads a JSON body (≤ MAX_JSON_BYTES, else 413) and parses it with a zod schema. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T, emptyAs?: unknown): Promise<z.output<T>> {
  return parseJsonText(await readLimitedText(request, MAX_JSON_BYTES), schema, emptyAs);
}

function tooLarge(limit: number): AppError {
  const size = limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`;
  return new AppError("PAYLOAD_TOO_LARGE", `body is larger than ${size}`);
}
