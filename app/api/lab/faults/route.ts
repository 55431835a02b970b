import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/body";
import { labFaultBody } from "@/lib/api/contract/lab";
import { withAuth } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { DEMO_FAULTS, faultModes } from "@/lib/lab/demo-faults";
import { getLab } from "@/lib/runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function requireLab() {
  const lab = getLab();
  if (!lab) throw new AppError("NOT_FOUND", "the fault lab is not enabled (config `lab.enabled`)");
  return lab;
}

/** Every lab fault with its current mode and the modes it accepts. */
export const GET = withAuth("reader", async () => {
  const current = requireLab().faults();
  const faults = Object.entries(DEMO_FAULTS).map(([id, modes]) => ({ id, mode: current[id] ?? "healthy", modes: Object.keys(modes) }));
  return NextResponse.json({ faults }, { headers: { "cache-control": "no-store" } });
});

/** Flips one fault to one of its modes (infra only): `{"fault":"backend","mode":"failing"}`. */
export const POST = withAuth("infra", async (request) => {
  const lab = requireLab();
  const { fault, mode } = await readJson(request, labFaultBody);
  const modes = faultModes(fault);
  if (!modes) throw new AppError("BAD_REQUEST", `fault: unknown fault "${fault}" (one of ${Object.keys(DEMO_FAULTS).join(", ")})`);
  if (!Object.hasOwn(modes, mode)) throw new AppError("BAD_REQUEST", `mode: fault "${fault}" has no mode "${mode}" (one of ${Object.keys(modes).join(", ")})`);
  await lab.setFault(fault, mode);
  return NextResponse.json({ fault, mode, faults: lab.faults() });
});
