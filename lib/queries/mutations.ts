import type { CriterionView, IncidentState, PhaseView, TimelineEntry } from "../types";
import { fetchJson } from "./fetch-json";

// The page's writes: same-origin fetches that carry the session cookie; errors arrive as ApiError.

function sendJson<T>(url: string, method: "POST" | "DELETE", body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { "content-type": "application/json" };
  }
  return fetchJson<T>(url, init);
}

/** Signs (POST, with an optional note and link) or revokes (DELETE) a sign-off criterion. */
export function signCriterion(id: string, action: "sign" | "revoke", details?: { note?: string; link?: string }) {
  const url = `/api/criteria/${encodeURIComponent(id)}/signoff`;
  return action === "sign" ? sendJson<{ criterion: CriterionView }>(url, "POST", details ?? {}) : sendJson<{ criterion: CriterionView }>(url, "DELETE");
}

/** Confirms the handback, or rejects it with a reason and the criteria it disputes. */
export function decideHandback(body: { action: "confirm" } | { action: "reject"; reason: string; criteria: string[] }) {
  return sendJson<{ state: IncidentState }>("/api/handback", "POST", body);
}

/** Posts a status update or a note to the timeline. */
export function postTimelineEntry(body: { type: "update" | "note"; text: string }) {
  return sendJson<{ entry: TimelineEntry }>("/api/timeline", "POST", body);
}

/** Marks a phase completed (its owner team). */
export function completePhase(id: string) {
  return sendJson<{ phase: PhaseView }>(`/api/phases/${encodeURIComponent(id)}/complete`, "POST");
}

/** Moves the incident by hand; the reason is stored in the timeline (some moves need one). */
export function moveIncident(body: { state: IncidentState; reason?: string }) {
  return sendJson<{ state: IncidentState }>("/api/incident/state", "POST", body);
}
