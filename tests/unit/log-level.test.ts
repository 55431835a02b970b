import { afterEach, describe, expect, it, vi } from "vitest";
import { log, setLogLevel } from "@/lib/log";

// HANDBACK_LOG is applied once, by whichever Next bundle loads the runtime first; the level must hold in
// every other bundle (a fresh module graph here stands in for one) and credentials never reach a line.
describe("log level", () => {
  afterEach(() => {
    setLogLevel("info");
    vi.restoreAllMocks();
  });

  it("set in one copy of the module holds in another", async () => {
    const out = vi.spyOn(console, "log").mockImplementation(() => undefined);
    setLogLevel("warn");
    vi.resetModules();
    const other = await import("@/lib/log");
    other.log.info("hidden");
    log.info("hidden too");
    expect(out).not.toHaveBeenCalled();
    other.setLogLevel("info");
    log.info("shown");
    expect(out).toHaveBeenCalledTimes(1);
  });

  it("redacts passwords in URLs", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
    log.warn("cannot reach postgres://app:s3cret@db:5432/x");
    expect(String(err.mock.calls[0]?.[0])).toContain("postgres://app:***@db:5432/x");
  });
});
