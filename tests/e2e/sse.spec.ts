import net from "node:net";
import { expect, test } from "@playwright/test";
import { startDemoCopy, type DemoCopy } from "./demo-copy";
import { signIn } from "./screens";
import { bearer, E2E_TOKENS } from "./tokens";

// The live event stream against the production server (`next start`): a client that stops reading is cut
// off, a bad token is refused, and a signed-out cookie is refused everywhere.

// The flood runs on a server of its own: 5 MB of notes in the shared demo's timeline would make every later
// timeline page (and its full-page screenshots) megabytes long.
const FLOOD_PORT = Number(process.env.E2E_PORT ?? 3100) + 50;

/** A raw connection that sends the request, waits for the response head, then stops reading. */
async function stalledStream(port: number): Promise<{ socket: net.Socket; head: string }> {
  const socket = net.connect(port, "127.0.0.1");
  let text = "";
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => socket.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${E2E_TOKENS.viewer}\r\n\r\n`));
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (!text.includes("\r\n\r\n")) return;
      socket.off("data", onData);
      socket.pause();
      resolve();
    };
    socket.on("data", onData);
    socket.once("error", reject);
  });
  return { socket, head: text.slice(0, text.indexOf("\r\n\r\n")) };
}

/** Resumes reading and resolves with the bytes read once the server has closed the connection. */
function readToClose(socket: net.Socket): Promise<number> {
  return new Promise((resolve) => {
    let bytes = 0;
    socket.on("data", (chunk: Buffer) => (bytes += chunk.length));
    socket.once("close", () => resolve(bytes));
    socket.once("error", () => {});
    socket.resume();
  });
}

test.describe("a server flooded with events", () => {
  let copy: DemoCopy;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    copy = await startDemoCopy(FLOOD_PORT, "sse");
  });
  test.afterAll(async () => copy?.stop());

  test("a client that stops reading is disconnected while events keep coming", async ({ request }) => {
    test.setTimeout(240_000);
    const { socket, head } = await stalledStream(FLOOD_PORT);
    expect(head).toMatch(/^HTTP\/1\.1 200/);
    const note = "n".repeat(4_900);
    let posted = 0;
    // About 5 MB of timeline entries: far more than the socket buffers and the stream's 512 KB bound.
    const post = async (n: number) => {
      const response = await request.post(`${copy.server.url}/api/timeline`, { headers: bearer("infra"), data: { type: "note", text: `${n} ${note}` } });
      expect(response.status()).toBe(201);
    };
    for (; posted < 1_000; posted += 10) await Promise.all(Array.from({ length: 10 }, (_, i) => post(posted + i)));
    const closed = readToClose(socket);
    const bytes = await Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 20_000))]);
    socket.destroy();
    expect(bytes, "the server closed the stalled stream").not.toBeNull();
    // It had been streaming (the socket buffers filled up) and was cut off long before the end.
    expect(bytes!).toBeGreaterThan(100_000);
    expect(bytes!).toBeLessThan(posted * note.length);
  });
});

test("GET /api/events is 401 with a bad token (the demo lets anonymous readers in)", async ({ request }) => {
  const response = await request.get("/api/events", { headers: { authorization: "Bearer not-a-token-of-this-server" } });
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe("UNAUTHORIZED");
});

test("signing out on the page revokes the session on the server: the copied cookie gets 401", async ({ page, playwright, baseURL }) => {
  await signIn(page, "dev");
  await page.goto("/");
  await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
  const cookie = (await page.context().cookies()).find((entry) => entry.name === "hb_session");
  expect(cookie).toBeDefined();
  await page.goto("/sign-in");
  await page.getByTestId("sign-out").click();
  await expect(page.getByTestId("sign-in-form")).toBeVisible();
  // Another client replays the cookie the browser had.
  const replay = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: `hb_session=${cookie!.value}` } });
  for (const path of ["/api/session", "/api/status", "/api/events"]) {
    const response = await replay.get(path);
    expect(response.status(), path).toBe(401);
    expect((await response.json()).error.code).toBe("UNAUTHORIZED");
  }
  await replay.dispose();
});
