import type { z } from "zod";
import type { ApiErrorCode } from "./common";

// The shape of one entry of the route registry (lib/api/contract/routes.ts), and the helpers its entries share.

/** Who may call a route (lib/auth/guard.ts rules, plus `public` for routes without withAuth). */
export type Access = "public" | "reader" | "anyTeam" | "infra" | "dev" | "owner";

/** One body or response payload: its media type and schema (none for an empty response). */
export interface Payload {
  type: string;
  schema: z.ZodType;
}

/** One documented response of a route. */
export interface ResponseContract {
  description: string;
  content?: Payload[];
  headers?: Record<string, string>;
}

/** One method of one path. */
export interface RouteContract {
  method: "get" | "post" | "delete";
  /** OpenAPI form: `/api/components/{id}/results`. */
  path: string;
  access: Access;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: { required: boolean; content: Payload[] };
  responses: Record<number, ResponseContract>;
  /** Errors the route itself raises; auth errors and INTERNAL are added from `access`. */
  errors: ApiErrorCode[];
}

export const json = (schema: z.ZodType): Payload[] => [{ type: "application/json", schema }];
export const ok = (description: string, schema: z.ZodType) => ({ 200: { description, content: json(schema) } });
export const created = (description: string, schema: z.ZodType) => ({ 201: { description, content: json(schema) } });
export const STORAGE: ApiErrorCode[] = ["STORAGE_UNAVAILABLE", "STORAGE_TIMEOUT"];

