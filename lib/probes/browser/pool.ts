import "server-only";
import { accessSync, constants } from "node:fs";
import type { Browser, BrowserServer } from "playwright-core";
import { log } from "../../log";
import { messageOf } from "../../message-of";
import { settledWithin } from "../../shutdown";
import type { BrowserSettings } from "../types";

// One Chromium for every browser probe of the process (docs/configuration.md "browser"): starting one costs
// about a second and 100 MB, a context costs little. Runs take a slot (HANDBACK_BROWSER_CONCURRENCY), each
// in a fresh context. A browser that disconnects (crashed) or does not answer (hung) is killed with its
// whole process group and the next run starts a new one; closeBrowsers() at shutdown and a synchronous
// kill on process exit make sure no Chromium outlives the server. Playwright itself loads at the first
// launch: its bundles hold about 18 MB of V8 heap that a server without browser probes never needs
// (docs/storage.md "Memory").

/** Flags for a headless Chromium on a server: no sandbox as root, nothing that calls home, a capped JS heap. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  // A page that allocates in a loop hits this V8 limit and its renderer dies, instead of the machine's memory.
  "--js-flags=--max-old-space-size=256",
];

/** How long a start of Chromium may take before it counts as unavailable. */
const LAUNCH_TIMEOUT_MS = 30_000;

/** How long a graceful close may take before the process group is killed. */
const CLOSE_GRACE_MS = 2_000;

/** Chromium cannot be started: results say BROWSER_UNAVAILABLE (status unknown, never down). */
export class BrowserUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BrowserUnavailable";
  }
}

interface Instance {
  server: BrowserServer;
  browser: Browser;
  pid: number;
}

let starting: Promise<Instance> | null = null;
let current: Instance | null = null;
const live = new Set<Instance>();
/** Process groups closeBrowsers() is stopping: the exit hook still kills them if the process ends first. */
const closing = new Set<number>();
let running = 0;
let waiters: Array<() => void> = [];
let exitHooked = false;

/** Why `chromiumPath` cannot be run, or null when it can: for the config-time warning and each run. */
export function chromiumProblem(chromiumPath: string): string | null {
  try {
    accessSync(chromiumPath, constants.X_OK);
    return null;
  } catch {
    return `Chromium not found or not executable at ${chromiumPath} (set CHROMIUM_PATH)`;
  }
}

/** Kills an instance's whole process group (Chromium's zygote, renderers, GPU process) at once. */
function kill(instance: Instance): void {
  live.delete(instance);
  killGroup(instance.pid);
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** On exit, whatever the path to it, the browsers go too (a signal handler alone misses process.exit()). */
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on("exit", () => {
    for (const instance of [...live]) kill(instance);
    for (const pid of closing) killGroup(pid);
  });
}

async function launch(settings: BrowserSettings): Promise<Instance> {
  const problem = chromiumProblem(settings.chromiumPath);
  if (problem) throw new BrowserUnavailable(problem);
  hookExit();
  const { chromium } = await import("playwright-core");
  let server: BrowserServer;
  try {
    server = await chromium.launchServer({
      executablePath: settings.chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: LAUNCH_TIMEOUT_MS,
      // Our own shutdown (lib/boot.ts) stops browsers after the probes; Playwright's handlers would race it.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    throw new BrowserUnavailable(`Chromium at ${settings.chromiumPath} did not start: ${messageOf(error)}`);
  }
  const pid = server.process().pid ?? 0;
  const instance: Instance = { server, browser: undefined as unknown as Browser, pid };
  live.add(instance);
  try {
    instance.browser = await chromium.connect(server.wsEndpoint(), { timeout: LAUNCH_TIMEOUT_MS });
  } catch (error) {
    kill(instance);
    throw new BrowserUnavailable(`Chromium at ${settings.chromiumPath} did not answer: ${messageOf(error)}`);
  }
  instance.browser.on("disconnected", () => {
    if (!live.has(instance)) return;
    log.warn("browser probes: Chromium went away; the next run starts a new one");
    retire(instance);
  });
  server.process().once("exit", () => retire(instance));
  return instance;
}

/** Forgets and kills an instance; the next run launches a fresh one. */
function retire(instance: Instance): void {
  kill(instance);
  if (current !== instance) return;
  current = null;
  starting = null;
}

/** The shared browser, started on first use (or after the last one was retired). Throws BrowserUnavailable. */
export async function sharedBrowser(settings: BrowserSettings): Promise<Browser> {
  if (current && live.has(current) && current.browser.isConnected()) return current.browser;
  starting ??= launch(settings).then(
    (instance) => (current = instance),
    (error: unknown) => {
      starting = null; // the next run tries again (Chromium may have been installed meanwhile)
      throw error;
    },
  );
  return (await starting).browser;
}

/** Kills the browser a run found unresponsive (a context that would not open or close in time). */
export function retireBrowser(browser: Browser): void {
  for (const instance of live) if (instance.browser === browser) retire(instance);
}

/** Waits for one of `concurrency` slots; resolves to its release, or null when `signal` aborts first. */
export function takeSlot(concurrency: number, signal: AbortSignal): Promise<(() => void) | null> {
  return new Promise((resolve) => {
    const grant = () => {
      signal.removeEventListener("abort", onAbort);
      running += 1;
      let released = false;
      resolve(() => {
        if (released) return;
        released = true;
        running -= 1;
        waiters.shift()?.();
      });
    };
    const onAbort = () => {
      waiters = waiters.filter((waiter) => waiter !== grant);
      resolve(null);
    };
    if (signal.aborted) return resolve(null);
    if (running < concurrency) return grant();
    waiters.push(grant);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Process ids of the live browsers' group leaders (tests count their process trees). */
export function browserPids(): number[] {
  return [...live].map((instance) => instance.pid);
}

/** Stops every browser: a shutdown step, and the end of `handback probe`. */
export async function closeBrowsers(): Promise<void> {
  const instances = [...live];
  live.clear(); // a close we asked for is no crash: "disconnected" then warns of nothing
  for (const instance of instances) closing.add(instance.pid);
  current = null;
  starting = null;
  // A hung browser never answers close(): give it a moment, then the process group goes anyway.
  await settledWithin(Promise.all(instances.map((instance) => instance.browser?.close())), CLOSE_GRACE_MS);
  for (const instance of instances) {
    killGroup(instance.pid);
    closing.delete(instance.pid);
  }
}
