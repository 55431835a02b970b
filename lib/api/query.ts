import "server-only";
import type { z } from "zod";
import { AppError } from "../errors";

/** Parses query parameters with a contract schema; a bad value is a 400 naming the parameter. */
export function parseQuery<T extends z.ZodType>(params: URLSearchParams, schema: T): z.output<T> {
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError("BAD_REQUEST", `${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}`);
}

/** The request's query parameters, parsed with a contract schema. */
export function readQuery<T extends z.ZodType>(request: Request, schema: T): z.output<T> {
  return parseQuery(new URL(request.url).searchParams, schema);
}
