import { z } from "zod";

// `GET` / `POST /api/lab/faults`: the demo lab's fault switches (404 when the lab is off).

export const labFaultBody = z.strictObject({ fault: z.string().min(1), mode: z.string().min(1) });

export const labFaultsResponse = z.strictObject({
  faults: z.array(z.strictObject({ id: z.string(), mode: z.string(), modes: z.array(z.string()) })),
});

export const labFaultFlippedResponse = z.strictObject({
  fault: z.string(),
  mode: z.string(),
  faults: z.record(z.string(), z.string()).meta({ description: "every fault's mode after the flip" }),
});
