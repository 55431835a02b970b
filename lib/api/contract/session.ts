import { z } from "zod";
import type { Principal } from "@/lib/auth/tokens";
import { describes } from "./check";

// `POST` / `GET` / `DELETE /api/session`: the browser's sign-in with a token.

export const signInJsonBody = z.strictObject({ token: z.string().min(1).max(4096) });
export const signInFormBody = z.object({ token: z.string().min(1), next: z.string().optional().meta({ description: "where to go after signing in (a path on this site)" }) });

export const principalSchema = describes<Principal>()(
  z.strictObject({ name: z.string(), role: z.string().meta({ description: "a team id, or viewer" }) }).meta({ id: "Principal" }),
);
