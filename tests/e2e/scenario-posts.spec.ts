import { expect, test } from "@playwright/test";
import { bearer } from "./tokens";

// The lab's scenario (examples/issue-1278.yaml, lab.scenario) posts the infra team's first update
// through POST /api/timeline with the server's infra token, so it reads like any human post.

test("the scenario's first infra update appears in the timeline as an update by the infra token", async ({ request }) => {
  await expect
    .poll(
      async () => {
        const response = await request.get("/api/timeline?type=update&limit=100", { headers: bearer("viewer") });
        const { entries } = (await response.json()) as { entries: { team: string | null; actor: string | null; text: string }[] };
        return entries.find((entry) => entry.text.startsWith("Staging is down: Cloud Run cannot reach Cloud SQL"));
      },
      { timeout: 30_000 },
    )
    .toMatchObject({ type: "update", team: "infra", actor: "e2e-infra" });
});
