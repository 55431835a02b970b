import { NextResponse } from "next/server";
import { readLimitedText } from "@/lib/api/body";
import { findOr404, writeContext } from "@/lib/api/context";
import { suiteQuery } from "@/lib/api/contract/test-runs";
import { readQuery } from "@/lib/api/query";
import { withAuth } from "@/lib/auth";
import { listTestRuns } from "@/lib/db";
import { recordTestRun } from "@/lib/incident/actions";
import { AppError } from "@/lib/errors";
import { parseJUnitOffThread } from "@/lib/junit/off-thread";
import { JUnitError, MAX_JUNIT_BYTES } from "@/lib/junit/parse";
import { toCreatedBody } from "@/lib/junit/run";
import { getConfig, getDb } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function suiteOf(request: Request): string {
  const { suite } = readQuery(request, suiteQuery);
  return findOr404(getConfig().tests.suites, suite, "test suite").id;
}

/** Parses in the worker thread: a 5 MB report takes about a second of CPU the event loop does not give. */
async function parseReport(xml: string) {
  try {
    return await parseJUnitOffThread(xml);
  } catch (error) {
    if (!(error instanceof JUnitError)) throw error;
    const code = error.status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST";
    throw new AppError(code, error.message, { reason: error.code, line: error.line, column: error.column });
  }
}

/** Accepts a JUnit XML report (≤ 5 MB) for a suite; nothing is stored when it is refused. */
export const POST = withAuth("anyTeam", async (request, actor) => {
  const suite = suiteOf(request);
  const report = await parseReport(await readLimitedText(request, MAX_JUNIT_BYTES));
  const { db, bus, settle } = await writeContext();
  await recordTestRun(db, bus, getConfig().incident.id, suite, report, actor);
  await settle();
  return NextResponse.json(toCreatedBody(suite, report), { status: 201 });
});

/** A suite's runs, newest first: its pass-rate history. */
export const GET = withAuth("reader", async (request) => {
  const suite = suiteOf(request);
  const runs = await listTestRuns(await getDb(), suite, 200);
  return NextResponse.json({ suite, runs }, { headers: { "cache-control": "no-store" } });
});
