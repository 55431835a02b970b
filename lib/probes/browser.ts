import "server-only";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { messageOf } from "../message-of";
import { BrowserUnavailable, retireBrowser, sharedBrowser, takeSlot } from "./browser/pool";
import { describeStep, framesOn, runStep, type SocketFrames, type StepRun } from "./browser/steps";
import { roundMs, withDeadline, type Outcome, type ProbeScope } from "./deadline";
import { settledWithin } from "../shutdown";
import type { BrowserSettings, ProbeContext, ProbeFn } from "./types";

// The browser probe (docs/configuration.md "browser"): a fresh context of the shared Chromium per run, the
// steps in order, each step's time a phase. The hard deadline closes the context whatever the page does; a
// context that will not close in time means a hung browser, which is killed and replaced.

type BrowserProbe = Parameters<ProbeFn<"browser">>[0];

const DEFAULT_SETTINGS: BrowserSettings = { chromiumPath: "/usr/bin/chromium", concurrency: 2 };
/** Time kept at the end of a run for the failure screenshot: steps get the rest. */
const EVIDENCE_MS = 1_000;
/** A context that does not close within this is a hung browser (a busy renderer takes a moment to kill on a loaded machine). */
const CLOSE_MS = 3_000;
/** Evidence is a page, not a poster: a larger PNG is dropped rather than stored. */
export const MAX_SCREENSHOT_BYTES = 1024 * 1024;
/** BODY: the visible text of the final page, capped before runProbe's own cap. */
const BODY_CHARS = 16 * 1024;
const VIEWPORT = { width: 1280, height: 720 };

interface RunState {
  screenshot?: Buffer;
  filled: string[];
  sockets: SocketFrames;
}

/** Counts frames received on every WebSocket the page opens; dismisses dialogs and closes popups. */
function watchPage(context: BrowserContext, page: Page, state: RunState): void {
  page.on("websocket", (socket) => {
    const entry = { url: socket.url(), frames: 0 };
    state.sockets.push(entry);
    socket.on("framereceived", () => (entry.frames += 1));
  });
  // An alert would block the page's script until answered; a popup would run beside the probe unwatched.
  page.on("dialog", (dialog) => void dialog.dismiss().catch(() => undefined));
  context.on("page", (other) => void (other === page ? undefined : other.close().catch(() => undefined)));
}

/** A PNG of the page with every filled field masked (a value may be a secret); null if none in time or too large. */
async function evidence(page: Page, state: RunState): Promise<Buffer | undefined> {
  try {
    const png = await page.screenshot({ type: "png", timeout: EVIDENCE_MS, mask: state.filled.map((selector) => page.locator(selector)) });
    return png.length <= MAX_SCREENSHOT_BYTES ? png : undefined;
  } catch {
    return undefined;
  }
}

/** The first line of a Playwright error: the rest is its call log. */
function firstLine(error: unknown): string {
  return (messageOf(error).split("\n")[0] ?? "").trim();
}

/** Closes the run's context when the result is decided; a browser that cannot even do that is replaced. */
function closeOnEnd(scope: ProbeScope, browser: Browser, context: BrowserContext): void {
  scope.onCleanup(() => {
    void settledWithin(context.close(), CLOSE_MS).then((closed) => {
      if (!closed) retireBrowser(browser);
    });
  });
}

async function runSteps(probe: BrowserProbe, scope: ProbeScope, page: Page, state: RunState): Promise<Outcome> {
  scope.observations.STEPS = probe.steps.length;
  scope.observations.STEPS_PASSED = 0;
  scope.observations.WS_MESSAGES = 0;
  for (const [index, step] of probe.steps.entries()) {
    const started = scope.elapsed();
    const run: StepRun = {
      page,
      budgetMs: Math.max(scope.timeoutMs - started - EVIDENCE_MS, 1),
      sockets: state.sockets,
      filled: state.filled,
      onConnected: () => (scope.observations.CONNECTED = true),
      keepScreenshot: (png) => (state.screenshot = png.length <= MAX_SCREENSHOT_BYTES ? png : state.screenshot),
    };
    try {
      await runStep(step, run);
    } catch (error) {
      scope.observations.WS_MESSAGES = framesOn(state.sockets, "");
      state.screenshot = await evidence(page, state);
      return { ok: false, error: { code: "STEP_FAILED", message: `${describeStep(step, index)} failed: ${firstLine(error)}` } };
    } finally {
      scope.phases[`${index + 1} ${step.kind}`] = roundMs(scope.elapsed() - started);
    }
    scope.observations.STEPS_PASSED = index + 1;
  }
  scope.observations.WS_MESSAGES = framesOn(state.sockets, "");
  scope.observations.RESPONSE_TIME = roundMs(scope.elapsed());
  scope.observations.BODY = (await page.locator("body").innerText({ timeout: EVIDENCE_MS }).catch(() => "")).slice(0, BODY_CHARS);
  return { ok: true };
}

async function browse(probe: BrowserProbe, scope: ProbeScope, context: ProbeContext, state: RunState): Promise<Outcome> {
  scope.observations.CONNECTED = false;
  const settings = context.browser ?? DEFAULT_SETTINGS;
  const release = await takeSlot(settings.concurrency, scope.signal);
  if (!release) return { ok: false, error: { code: "TIMEOUT", message: "no browser slot before the deadline" } };
  scope.onCleanup(release);
  let browser: Browser;
  try {
    browser = await sharedBrowser(settings);
  } catch (error) {
    if (error instanceof BrowserUnavailable) return { ok: false, error: { code: "BROWSER_UNAVAILABLE", message: error.message } };
    throw error;
  }
  let opened = false;
  // A browser that cannot open a context by the deadline is hung: the next run gets a new one.
  scope.onCleanup((reason) => void (reason !== "done" && !opened ? retireBrowser(browser) : undefined));
  const browserContext = await browser.newContext({ acceptDownloads: false, serviceWorkers: "block", viewport: VIEWPORT });
  opened = true;
  closeOnEnd(scope, browser, browserContext);
  const page = await browserContext.newPage();
  watchPage(browserContext, page, state);
  return runSteps(probe, scope, page, state);
}

/** Drives Chromium through the steps: CONNECTED, STEPS, STEPS_PASSED, RESPONSE_TIME, WS_MESSAGES, BODY. */
export const probeBrowser: ProbeFn<"browser"> = async (probe, context) => {
  const state: RunState = { filled: [], sockets: [] };
  const result = await withDeadline(context, (scope) => browse(probe, scope, context, state));
  return state.screenshot ? { ...result, screenshot: state.screenshot } : result;
};
