import { z } from "zod";
import type { ApiErrorCode } from "./common";
import { idParams } from "./common";
import { historyQuery, historyResponse, resultsQuery, resultsResponse, transitionsQuery, transitionsResponse } from "./components";
import { sseFrameSchema } from "./events";
import { labFaultBody, labFaultFlippedResponse, labFaultsResponse, labNotificationsResponse } from "./lab";
import { probesRunBody, probesRunResponse } from "./probes";
import { principalSchema, signInFormBody, signInJsonBody } from "./session";
import { statusSnapshotSchema } from "./status";
import { healthResponse, metricsText, notReadyResponse, openApiResponse, readyResponse } from "./system";
import { suiteQuery, testCasesResponse, testRunCreatedResponse, testRunsResponse } from "./test-runs";
import { timelinePostBody, timelinePostResponse, timelineQuery, timelineResponse } from "./timeline";
import { handbackBody, incidentStateBody, incidentStateResponse, phaseCompleteResponse, signoffBody, signoffResponse } from "./workflow";
import { impactHistoryResponse } from "./impact";
import { handbackRecordPermalinkResponse, handbackRecordSchema, handbackRecordsResponse, incidentQuery, incidentsResponse, reportQuery } from "./records";
import { draftQuery, draftResponse, notificationsQuery, notificationsResponse, notifyTestBody, notifyTestResponse } from "./notify";

// The registry: every route under app/api/ with who may call it, what it takes and what it answers.
// lib/api/contract/document.ts turns it into GET /api/openapi.json; tests/unit/openapi-routes.test.ts
// fails when a route file exports a method that is missing here.

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

const json = (schema: z.ZodType): Payload[] => [{ type: "application/json", schema }];
const ok = (description: string, schema: z.ZodType) => ({ 200: { description, content: json(schema) } });
const created = (description: string, schema: z.ZodType) => ({ 201: { description, content: json(schema) } });
const STORAGE: ApiErrorCode[] = ["STORAGE_UNAVAILABLE", "STORAGE_TIMEOUT"];

export const ROUTES: readonly RouteContract[] = [
  { method: "get", path: "/api/health", access: "public", summary: "Liveness: answers while the process serves", responses: ok("serving", healthResponse), errors: [] },
  {
    method: "get",
    path: "/api/ready",
    access: "public",
    summary: "Readiness: 200 once the probe engine runs and while storage answers, else 503 with a fixed reason (also once a graceful stop began)",
    responses: { ...ok("ready", readyResponse), 503: { description: "not ready", content: json(notReadyResponse) } },
    errors: [],
  },
  { method: "get", path: "/api/openapi.json", access: "public", summary: "This document (OpenAPI 3.1)", responses: ok("the OpenAPI document", openApiResponse), errors: [] },
  { method: "get", path: "/api/status", access: "reader", summary: "The whole incident as one snapshot", responses: ok("the snapshot", statusSnapshotSchema), errors: [] },
  {
    method: "get",
    path: "/api/components/{id}/results",
    access: "reader",
    summary: "A component's stored probe results, newest first",
    params: idParams,
    query: resultsQuery,
    responses: ok("the results", resultsResponse),
    errors: ["BAD_REQUEST", "NOT_FOUND", ...STORAGE],
  },
  {
    method: "get",
    path: "/api/components/{id}/results/{resultId}/screenshot",
    access: "reader",
    summary: "The PNG a failing browser probe run kept as evidence (a reader token or session; not public read)",
    params: z.strictObject({ id: z.string(), resultId: z.string().meta({ description: "a result id from /results" }) }),
    responses: { 200: { description: "the page as PNG", content: [{ type: "image/png", schema: z.string().meta({ format: "binary" }) }] } },
    errors: ["NOT_FOUND", ...STORAGE],
  },
  {
    method: "get",
    path: "/api/components/{id}/transitions",
    access: "reader",
    summary: "A component's status changes, newest first",
    params: idParams,
    query: transitionsQuery,
    responses: ok("the transitions", transitionsResponse),
    errors: ["BAD_REQUEST", "NOT_FOUND", ...STORAGE],
  },
  {
    method: "get",
    path: "/api/components/{id}/history",
    access: "reader",
    summary: "Checks, passes and latency per minute or hour and location; raw results and rollups combined",
    params: idParams,
    query: historyQuery,
    responses: ok("the buckets, oldest first", historyResponse),
    errors: ["BAD_REQUEST", "NOT_FOUND", ...STORAGE],
  },
  { method: "get", path: "/api/impact/history", access: "reader", summary: "ARR at risk over time, replayed from the transitions", responses: ok("the points, oldest first", impactHistoryResponse), errors: [...STORAGE] },
  {
    method: "get",
    path: "/api/events",
    access: "reader",
    summary: "Live events (Server-Sent Events); Last-Event-ID or ?lastEventId= replays the timeline after it first",
    query: z.object({ lastEventId: z.string().regex(/^\d+$/).optional().meta({ description: "resume after this event id (or send the Last-Event-ID header)" }) }),
    responses: { 200: { description: "an endless text/event-stream; each frame is one ServerSentEvent", content: [{ type: "text/event-stream", schema: sseFrameSchema }] } },
    errors: ["RATE_LIMITED", "OVERLOADED"],
  },
  { method: "get", path: "/api/metrics", access: "reader", summary: "The incident as Prometheus gauges", responses: { 200: { description: "Prometheus text format", content: [{ type: "text/plain", schema: metricsText }] } }, errors: [] },
  {
    method: "get",
    path: "/api/timeline",
    access: "reader",
    summary: "The timeline, newest first (ascending after `afterId`), filterable by type and team",
    query: timelineQuery,
    responses: ok("the entries", timelineResponse),
    errors: ["BAD_REQUEST", ...STORAGE],
  },
  {
    method: "post",
    path: "/api/timeline",
    access: "anyTeam",
    summary: "Post a status update or a note; the token's name is the actor",
    body: { required: true, content: json(timelinePostBody) },
    responses: created("the stored entry", timelinePostResponse),
    errors: ["BAD_REQUEST", "PAYLOAD_TOO_LARGE", ...STORAGE],
  },
  {
    method: "get",
    path: "/api/notifications",
    access: "infra",
    summary: "Recent notification deliveries (channel id, event, state, attempts, last error) and counts per state",
    query: notificationsQuery,
    responses: ok("the deliveries, newest first", notificationsResponse),
    errors: ["BAD_REQUEST", ...STORAGE],
  },
  {
    method: "post",
    path: "/api/notifications/test",
    access: "infra",
    summary: "Queue a test message on one channel",
    body: { required: true, content: json(notifyTestBody) },
    responses: { 202: { description: "queued; GET /api/notifications shows its delivery", content: json(notifyTestResponse) } },
    errors: ["BAD_REQUEST", "NOT_FOUND", "PAYLOAD_TOO_LARGE", ...STORAGE],
  },
  {
    method: "get",
    path: "/api/updates/draft",
    access: "anyTeam",
    summary: "A status update drafted from what changed since the last posted one",
    query: draftQuery,
    responses: ok("the draft", draftResponse),
    errors: ["BAD_REQUEST", ...STORAGE],
  },
  {
    method: "post",
    path: "/api/probes/run",
    access: "infra",
    summary: "Run the chosen components' probes (default: all) now and return the judged results",
    body: { required: false, content: json(probesRunBody) },
    responses: ok("one outcome per component", probesRunResponse),
    errors: ["BAD_REQUEST", "NOT_FOUND", "NOT_READY", "PAYLOAD_TOO_LARGE"],
  },
  ...(["post", "delete"] as const).map(
    (method): RouteContract => ({
      method,
      path: "/api/criteria/{id}/signoff",
      access: "owner",
      summary: method === "post" ? "Sign a sign-off criterion (its owner team), optionally with a note and a link" : "Revoke the sign-off (its owner team)",
      params: idParams,
      ...(method === "post" ? { body: { required: false, content: json(signoffBody) } } : {}),
      responses: method === "post" ? created("the criterion, signed", signoffResponse) : ok("the criterion, revoked", signoffResponse),
      errors: method === "post" ? ["BAD_REQUEST", "NOT_FOUND", "CONFLICT", "PAYLOAD_TOO_LARGE", ...STORAGE] : ["NOT_FOUND", "CONFLICT", ...STORAGE],
    }),
  ),
  {
    method: "post",
    path: "/api/test-runs",
    access: "anyTeam",
    summary: "Upload a JUnit XML report (≤ 5 MB) for a suite; nothing is stored when it is refused",
    query: suiteQuery,
    body: { required: true, content: [{ type: "application/xml", schema: z.string().meta({ description: "JUnit XML: pytest, jest-junit, Surefire, Playwright, Ant" }) }] },
    responses: created("the run's counts", testRunCreatedResponse),
    errors: ["BAD_REQUEST", "NOT_FOUND", "PAYLOAD_TOO_LARGE", ...STORAGE],
  },
  { method: "get", path: "/api/test-runs", access: "reader", summary: "A suite's runs, newest first", query: suiteQuery, responses: ok("the runs", testRunsResponse), errors: ["BAD_REQUEST", "NOT_FOUND", ...STORAGE] },
  {
    method: "get",
    path: "/api/test-runs/{id}/cases",
    access: "reader",
    summary: "Every case of one test run (passed, failed, skipped), in report order",
    params: z.strictObject({ id: z.string().meta({ description: "a test run id" }) }),
    responses: ok("the cases", testCasesResponse),
    errors: ["NOT_FOUND", ...STORAGE],
  },
  {
    method: "post",
    path: "/api/handback",
    access: "dev",
    summary: "Confirm the handback, or reject it with a reason (back to remediating)",
    body: { required: true, content: json(handbackBody) },
    responses: ok("the incident's state now", incidentStateResponse),
    errors: ["BAD_REQUEST", "CONFLICT", "PAYLOAD_TOO_LARGE", ...STORAGE],
  },
  {
    method: "get",
    path: "/api/handback/record",
    access: "reader",
    summary: "The record frozen at the newest confirm (404 until the first); `?incident=ID` for a past incident",
    query: incidentQuery,
    responses: ok("the record", handbackRecordSchema),
    errors: ["BAD_REQUEST", "NOT_FOUND", "CONFLICT", ...STORAGE],
  },
  {
    method: "get",
    path: "/api/handback/records",
    access: "reader",
    summary: "Every confirm and reject of the incident, oldest first, hash-chained",
    query: incidentQuery,
    responses: ok("the records", handbackRecordsResponse),
    errors: ["BAD_REQUEST", "NOT_FOUND", "CONFLICT", ...STORAGE],
  },
  {
    method: "get",
    path: "/api/handback/records/{id}",
    access: "reader",
    summary: "One record (permalink) with the exact probe results it names",
    params: idParams,
    query: incidentQuery,
    responses: ok("the record and its results", handbackRecordPermalinkResponse),
    errors: ["BAD_REQUEST", "NOT_FOUND", "CONFLICT", ...STORAGE],
  },
  {
    method: "get",
    path: "/api/report",
    access: "reader",
    summary: "The post-incident report (Markdown or JSON) of the live incident or `?incident=ID`, from storage only",
    query: reportQuery,
    responses: { 200: { description: "the report", content: [{ type: "text/markdown", schema: z.string() }, { type: "application/json", schema: z.looseObject({}) }] } },
    errors: ["BAD_REQUEST", "NOT_FOUND", ...STORAGE],
  },
  { method: "get", path: "/api/incidents", access: "reader", summary: "The archive: every incident of this store", responses: ok("the incidents", incidentsResponse), errors: [...STORAGE] },
  {
    method: "post",
    path: "/api/incident/state",
    access: "anyTeam",
    summary: "Move the incident by hand; 409 names the allowed moves",
    body: { required: true, content: json(incidentStateBody) },
    responses: ok("the incident's state now", incidentStateResponse),
    errors: ["BAD_REQUEST", "CONFLICT", "PAYLOAD_TOO_LARGE", ...STORAGE],
  },
  {
    method: "post",
    path: "/api/phases/{id}/complete",
    access: "owner",
    summary: "Mark a phase completed (its owner team); 409 once it has ended",
    params: idParams,
    responses: created("the phase", phaseCompleteResponse),
    errors: ["NOT_FOUND", "CONFLICT", ...STORAGE],
  },
  {
    method: "get",
    path: "/api/lab/notifications",
    access: "reader",
    summary: "What the demo lab's notification sinks received, newest first (404 when the lab is off)",
    responses: ok("the messages", labNotificationsResponse),
    errors: ["NOT_FOUND"],
  },
  { method: "get", path: "/api/lab/faults", access: "reader", summary: "The demo lab's faults and their modes (404 when the lab is off)", responses: ok("the faults", labFaultsResponse), errors: ["NOT_FOUND"] },
  {
    method: "post",
    path: "/api/lab/faults",
    access: "infra",
    summary: "Flip one lab fault to one of its modes",
    body: { required: true, content: json(labFaultBody) },
    responses: ok("the fault and every fault's mode", labFaultFlippedResponse),
    errors: ["BAD_REQUEST", "NOT_FOUND", "PAYLOAD_TOO_LARGE"],
  },
  {
    method: "post",
    path: "/api/session",
    access: "public",
    summary: "Sign in with a token: sets the session cookie (a form post is redirected to `next`)",
    body: { required: true, content: [...json(signInJsonBody), { type: "application/x-www-form-urlencoded", schema: signInFormBody }] },
    responses: {
      ...ok("signed in (JSON request)", principalSchema),
      303: { description: "signed in or refused (form request): redirect to `next` or back to /sign-in?error=CODE", headers: { Location: "where to go next" } },
    },
    errors: ["BAD_REQUEST", "UNAUTHORIZED", "RATE_LIMITED", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
  },
  { method: "get", path: "/api/session", access: "public", summary: "Who is signed in", responses: ok("the principal", principalSchema), errors: ["UNAUTHORIZED"] },
  {
    method: "delete",
    path: "/api/session",
    access: "public",
    summary: "Sign out: revokes the session on every instance, ends its live streams and clears the cookie",
    responses: { 204: { description: "signed out" } },
    errors: ["STORAGE_UNAVAILABLE"],
  },
];
