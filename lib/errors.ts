import "server-only";
import { NextResponse } from "next/server";
import { StorageError } from "./db/errors";
import { log } from "./log";

/** Error codes the API returns; stable strings that clients may switch on. */
export type ErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "CSRF"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "RATE_LIMITED"
  | "OVERLOADED"
  | "STORAGE_UNAVAILABLE"
  | "NOT_READY"
  | "INTERNAL";

/** The HTTP status of each error code (also the OpenAPI document's error responses). */
export const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CSRF: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  OVERLOADED: 503,
  STORAGE_UNAVAILABLE: 503,
  NOT_READY: 503,
  INTERNAL: 500,
};

/** An error that is safe to show: its message is written for the client and holds no secret. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** Headers an error code requires: a challenge on 401 (RFC 9110), Retry-After on 429/503 from `details.retryAfter`. */
function errorHeaders(error: AppError): HeadersInit | undefined {
  if (error.code === "UNAUTHORIZED") return { "WWW-Authenticate": 'Bearer realm="handback"' };
  const retryAfter = error.details?.retryAfter;
  if ((error.code === "RATE_LIMITED" || error.code === "OVERLOADED") && typeof retryAfter === "number") return { "Retry-After": String(retryAfter) };
  return undefined;
}

/** The one mapper from any thrown value to a JSON error response; 5xx never leak the original text. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof AppError) {
    const body = { error: { code: error.code, message: error.message, ...error.details } };
    return NextResponse.json(body, { status: STATUS[error.code], headers: errorHeaders(error) });
  }
  if (error instanceof StorageError && error.code !== "QUERY_FAILED") {
    // Storage messages are already free of connection strings; a conflict is the client's to resolve.
    const status = error.code === "CONFLICT" ? 409 : 503;
    return NextResponse.json({ error: { code: error.code, message: error.message } }, { status });
  }
  log.error(`unhandled error in route: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return NextResponse.json({ error: { code: "INTERNAL", message: "internal error" } }, { status: 500 });
}
