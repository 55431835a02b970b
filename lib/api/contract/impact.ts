import { z } from "zod";
import type { ImpactHistory, ImpactPoint } from "@/lib/types";
import { describes } from "./check";
import { isoTime } from "./common";

// `GET /api/impact/history`: ARR at risk over time, replayed from the component transitions.

const pointSchema = describes<ImpactPoint>()(z.strictObject({ at: isoTime, arrAtRisk: z.number(), arrUnknown: z.number(), functionsOffline: z.number().int() }));

export const impactHistoryResponse = describes<ImpactHistory>()(z.strictObject({ currency: z.string(), points: z.array(pointSchema) }));
