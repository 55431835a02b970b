import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisFake, type RedisFake } from "@/lib/lab";
import { runProbe } from "@/lib/probes";
import { expectDeadline } from "@/tests/support/probes";

// The lab's fake Redis covers what the machine's Redis cannot be made to do: NOAUTH, LOADING, hanging.
describe("redis probe (lab fake Redis)", () => {
  let fake: RedisFake;
  beforeAll(async () => void (fake = await startRedisFake()));
  afterAll(() => fake.close());

  it("PINGs the fake: PONG", async () => {
    const result = await runProbe({ type: "redis", url: fake.url }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: true, observations: { CONNECTED: true, BODY: "PONG" } });
  });

  it("reports AUTH_FAILED for a NOAUTH reply", async () => {
    fake.setMode("error", { message: "NOAUTH Authentication required." });
    const result = await runProbe({ type: "redis", url: fake.url }, { timeoutMs: 1_000 });
    fake.setMode("ok");
    expect(result).toMatchObject({ ok: false, error: { code: "AUTH_FAILED" }, observations: { CONNECTED: true } });
  });

  it("reports QUERY_FAILED for another error reply (LOADING)", async () => {
    fake.setMode("error");
    const result = await runProbe({ type: "redis", url: fake.url }, { timeoutMs: 1_000 });
    fake.setMode("ok");
    expect(result).toMatchObject({ ok: false, error: { code: "QUERY_FAILED" } });
  });

  it("returns TIMEOUT by the deadline when the server reads and never answers", async () => {
    fake.setMode("hang");
    await expectDeadline("redis fake hang", { type: "redis", url: fake.url }, 500);
    fake.setMode("ok");
  });
});
