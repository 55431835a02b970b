import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as signoff from "@/app/api/criteria/[id]/signoff/route";
import * as status from "@/app/api/status/route";
import { currentSignoffs, listTimeline } from "@/lib/db";
import { StorageError } from "@/lib/db/errors";
import { createLocalBus } from "@/lib/events/bus";
import { signCriterion } from "@/lib/incident/actions";
import { evaluateSignoffCriterion } from "@/lib/incident/criteria";
import type { StatusSnapshot } from "@/lib/types";
import { storageBackends } from "@/tests/support/db-targets";
import { requireService } from "@/tests/support/services";
import { useSuiteStore } from "@/tests/support/suite-store";
import { call, callJson, expectError, incidentYaml, NAMES, startApiHarness, type ApiHarness } from "../support/api-harness";
import { parseValidConfig } from "../support/config-text";

// Issue #12: a sign-off takes an optional note and link. Stored with the sign-off (migration 010) on PGlite
// and PostgreSQL alike, returned in the criterion's evidence, carried by the timeline entry; the route
// refuses a long note or a link that is not http(s) with a 400, and a POST without a body still signs.

const postgres = await requireService("PostgreSQL", "TEST_DATABASE_URL");
const config = parseValidConfig(incidentYaml(1, 2));
const DEV = { name: "alice-dev", role: "dev" };
const NOTE = "Logged in as qa@example.com, asked for a summary, got an answer in 3 s.";
const LINK = "https://ci.example.com/runs/4242?tab=video";

describe.each(storageBackends(postgres))("sign-off note and link on $title", (backend) => {
  const test = it.skipIf(backend.skipReason !== null);
  const store = useSuiteStore(backend);

  test("stored with the sign-off, in the criterion's evidence and in the timeline entry", async () => {
    const db = store.db();
    await signCriterion(db, createLocalBus(), config, "golden-path", DEV, "sign", { note: `  ${NOTE}  `, link: LINK });
    const [row] = await currentSignoffs(db, config.incident.id);
    expect(row).toMatchObject({ criterionId: "golden-path", action: "sign", actor: "alice-dev", note: NOTE, link: LINK });
    const criterion = config.criteria.find((candidate) => candidate.id === "golden-path");
    if (criterion?.kind !== "signoff") throw new Error("golden-path is a sign-off criterion");
    expect(evaluateSignoffCriterion(criterion, row!)).toMatchObject({ state: "met", evidence: { signoff: { note: NOTE, link: LINK } } });
    const [entry] = await listTimeline(db, config.incident.id, { types: ["signoff"] });
    expect(entry).toMatchObject({ text: `alice-dev signed "Golden path works end to end": ${NOTE}`, data: { criterionId: "golden-path", action: "sign", note: NOTE, link: LINK } });
  });

  test("without a note or link both are null, and the entry's text is unchanged", async () => {
    const db = store.db();
    await signCriterion(db, createLocalBus(), config, "golden-path", DEV, "revoke");
    expect((await currentSignoffs(db, config.incident.id))[0]).toMatchObject({ action: "revoke", note: null, link: null });
    expect((await listTimeline(db, config.incident.id, { types: ["signoff"] }))[0]?.text).toBe('alice-dev revoked the sign-off of "Golden path works end to end"');
  });

  test("the table itself takes a note of 1000 characters and refuses 1001 (a check violation)", async () => {
    const insert = (note: string) => store.db().query("INSERT INTO signoffs (incident_id, criterion_id, team, actor, action, note) VALUES ($2, 'golden-path', 'dev', 'x', 'sign', $1)", [note, config.incident.id]);
    await insert("n".repeat(1000));
    const refused = await insert("n".repeat(1001)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StorageError);
    expect(refused).toMatchObject({ sqlState: "23514" });
  });
});

describe("POST /api/criteria/{id}/signoff with a body", () => {
  let harness: ApiHarness;
  beforeAll(async () => (harness = await startApiHarness()));
  afterAll(async () => harness?.stop());
  const post = (body?: string | object) => call(signoff.POST, { method: "POST", path: "/api/criteria/golden-path/signoff", as: "dev", params: { id: "golden-path" }, body });
  const revoke = () => call(signoff.DELETE, { method: "DELETE", path: "/api/criteria/golden-path/signoff", as: "dev", params: { id: "golden-path" } });
  const evidenceOf = async () => (await callJson<StatusSnapshot>(status.GET, { path: "/api/status", as: "viewer" })).criteria.find((criterion) => criterion.id === "golden-path")?.evidence;

  it.each<[string, string | object, RegExp]>([
    ["a note over 1000 characters", { note: "n".repeat(1001) }, /^note: /],
    ["a javascript: link", { link: "javascript:alert(1)" }, /^link: must be an absolute http:\/\/ or https:\/\/ URL$/],
    ["a relative link", { link: "/api/status" }, /^link: must be an absolute http/],
    ["a link over 2000 characters", { link: `https://ci.example.com/${"a".repeat(2000)}` }, /^link: /],
    ["a note that is not text", { note: 42 }, /^note: /],
    ["a field the API does not know", { note: "ok", signedBy: "someone else" }, /signedBy/],
    ["malformed JSON", "{note:", /valid JSON/],
  ])("%s → 400, nothing signed", async (_name, body, message) => {
    const error = await expectError(await post(body), 400, "BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect((await evidenceOf())?.signoff ?? null).toBeNull();
  });

  it("a note and a link: 201, shown in the criterion's evidence", async () => {
    const signed = await callJson<{ criterion: { state: string; evidence: { signoff: unknown } } }>(signoff.POST, {
      method: "POST",
      path: "/api/criteria/golden-path/signoff",
      as: "dev",
      params: { id: "golden-path" },
      body: { note: NOTE, link: LINK },
    }, 201);
    expect(signed.criterion.state).toBe("met");
    expect(signed.criterion.evidence.signoff).toMatchObject({ actor: NAMES.dev, note: NOTE, link: LINK });
    expect((await evidenceOf())?.signoff).toMatchObject({ note: NOTE, link: LINK });
  });

  it("no body at all still signs, with neither", async () => {
    expect((await revoke()).status).toBe(200);
    const response = await post();
    expect(response.status).toBe(201);
    expect((await evidenceOf())?.signoff).toMatchObject({ action: "sign", note: null, link: null });
  });
});
