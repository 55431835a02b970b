import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { findRefusedPort, startTcpBlackhole, type TcpBlackhole } from "@/lib/lab";

let blackhole: TcpBlackhole | undefined;
afterEach(async () => {
  await blackhole?.close();
  blackhole = undefined;
});

type Outcome = { event: "timeout" | "end" | "data" } | { event: "error"; code: string | undefined };

/** Connects to 127.0.0.1:port and reports the first thing that happens within waitMs. */
function connectAndWatch(port: number, waitMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ event: "timeout" }), waitMs);
    socket.once("data", () => finish({ event: "data" }));
    socket.once("end", () => finish({ event: "end" }));
    socket.once("error", (error: NodeJS.ErrnoException) => finish({ event: "error", code: error.code }));
  });
}

describe("tcp blackhole", () => {
  it("accepts connections and never writes", async () => {
    blackhole = await startTcpBlackhole();
    expect(await connectAndWatch(blackhole.port, 200)).toEqual({ event: "timeout" });
    expect(blackhole.connectionCount()).toBe(1);
  });

  it("closes at once in close mode and resets in reset mode", async () => {
    blackhole = await startTcpBlackhole();
    blackhole.setMode("close");
    expect(await connectAndWatch(blackhole.port, 500)).toEqual({ event: "end" });
    blackhole.setMode("reset");
    expect(await connectAndWatch(blackhole.port, 500)).toEqual({ event: "error", code: "ECONNRESET" });
  });

  it("closes with hung clients still connected", async () => {
    blackhole = await startTcpBlackhole();
    const socket = net.connect({ host: "127.0.0.1", port: blackhole.port });
    const closed = new Promise((resolve) => socket.once("close", resolve));
    await new Promise((resolve) => socket.once("connect", resolve));
    await blackhole.close();
    blackhole = undefined;
    await closed;
    expect(socket.destroyed).toBe(true);
  });

  it("finds a port where nothing listens", async () => {
    const port = await findRefusedPort();
    expect(await connectAndWatch(port, 500)).toEqual({ event: "error", code: "ECONNREFUSED" });
  });
});
