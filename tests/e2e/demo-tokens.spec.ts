import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startInstance, type Instance } from "../support/instances";

// "Try every role": the demo (lab on) started with HANDBACK_TOKENS unset prints one token per team. What
// a newcomer does: read the block the server printed, open the sign-in page, paste dev's token, sign off a
// dev criterion. Its own server: Playwright's main one sets HANDBACK_TOKENS.
const PORT = Number(process.env.E2E_PORT ?? 3100) + 60;
// The lab's 391xx ports moved to a block of their own (E2E_LAB_PREFIX + 5x), beside the main server's lab.
const LAB_PREFIX = process.env.E2E_LAB_PREFIX ?? "395";

/** dev's token and the sign-in URL, read from the printed block the way a person reads it. */
function readBanner(output: string): { signInUrl: string; devToken: string; file: string } {
  const block = output.slice(output.indexOf("=== Demo sign-in"));
  const signInUrl = /Open (\S+) and paste/.exec(block)?.[1];
  const devToken = /^\s+Development\s+dev\s+(\S+)$/m.exec(block)?.[1];
  const file = /(?:Wrote|Reused) (\S+) \(mode 0600\)/.exec(block)?.[1];
  if (!signInUrl || !devToken || !file) throw new Error(`no demo sign-in block in the output:\n${output}`);
  return { signInUrl, devToken, file };
}

test.describe.serial("demo tokens printed at start", () => {
  test.setTimeout(120_000);
  let dir: string;
  let server: Instance | undefined;

  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "handback-demo-tokens-"));
    const demo = readFileSync(path.join(process.cwd(), "examples", "issue-1278.yaml"), "utf8");
    writeFileSync(path.join(dir, "incident.yaml"), demo.replace(/391(\d)(\d)/g, (_, tens: string, unit: string) => `${LAB_PREFIX}${5 + Number(tens)}${unit}`));
    const env = { HANDBACK_CONFIG: path.join(dir, "incident.yaml"), HANDBACK_DATA_DIR: path.join(dir, "data"), HANDBACK_TOKENS: undefined, HANDBACK_SCHEDULER: "off" };
    server = await startInstance({ port: PORT, env });
  });

  test.afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("dev signs in with the printed token and signs off a dev criterion from the page", async ({ page }) => {
    const { signInUrl, devToken, file } = readBanner(server!.output());
    expect(file).toBe(path.join(dir, "data", "demo-tokens.json"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(new URL(signInUrl).pathname).toBe("/sign-in");

    await page.goto(`${server!.url}/sign-in?next=/handback`);
    // The page says where the tokens are, and shows none of them.
    await expect(page.getByTestId("demo-tokens-hint")).toContainText("demo-tokens.json");
    await expect(page.getByTestId("demo-tokens-hint")).toContainText("npm start");
    expect(await page.content()).not.toContain(devToken);
    await page.getByLabel("Access token").fill(devToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server!.url}/handback`);

    const criterion = page.getByTestId("criterion-staging-operational");
    await expect(criterion).not.toHaveAttribute("data-state", "met");
    await criterion.getByRole("button", { name: /^Sign off/ }).click();
    await expect(criterion).toHaveAttribute("data-state", "met");
    expect(await (await page.request.get(`${server!.url}/api/session`)).json()).toEqual({ name: "demo-dev", role: "dev" });
    // The printed block is the token's one appearance: no later log line (sign-in, sign-off) repeats it.
    expect(server!.output().split(devToken)).toHaveLength(2);
  });
});
