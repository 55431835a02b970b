import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRefusedPort, startTcpBlackhole, type TcpBlackhole } from "@/lib/lab";
import { runProbe } from "@/lib/probes";
import { expectDeadline } from "@/tests/support/probes";
import { requireService } from "@/tests/support/services";

const redis = await requireService("Redis", "TEST_REDIS_URL");
const withRedis = it.skipIf(redis.url === null);
const title = redis.url ? "redis probe (TEST_REDIS_URL)" : `redis probe — real server SKIPPED: ${redis.skipReason}`;

describe(title, () => {
  let blackhole: TcpBlackhole;
  beforeAll(async () => void (blackhole = await startTcpBlackhole()));
  afterAll(() => blackhole.close());

  withRedis("PINGs: CONNECTED, RESPONSE_TIME and BODY PONG", async () => {
    const result = await runProbe({ type: "redis", url: redis.url ?? "" }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: true, observations: { CONNECTED: true, BODY: "PONG" } });
    expect(result.observations.RESPONSE_TIME).toBeTypeOf("number");
  });

  withRedis("reports AUTH_FAILED (WRONGPASS) for an unknown ACL user and never shows the password", async () => {
    const url = new URL(redis.url ?? "redis://127.0.0.1:6379");
    url.username = "handback-no-such-user";
    url.password = "redis-S3cret";
    const result = await runProbe({ type: "redis", url: url.toString() }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "AUTH_FAILED" } });
    expect(JSON.stringify(result)).not.toContain("redis-S3cret");
  });

  it("returns TIMEOUT by the deadline for a silent server", async () => {
    const result = await expectDeadline("redis silent server", { type: "redis", url: `redis://127.0.0.1:${blackhole.port}` }, 500);
    expect(result.observations.CONNECTED).toBe(true);
  });

  it("reports ECONNREFUSED when nothing listens", async () => {
    const result = await runProbe({ type: "redis", url: `redis://127.0.0.1:${await findRefusedPort()}` }, { timeoutMs: 1_000 });
    expect(result).toMatchObject({ ok: false, error: { code: "ECONNREFUSED" }, observations: { CONNECTED: false } });
  });
});
