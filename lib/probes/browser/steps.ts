import "server-only";
import type { Page } from "playwright-core";
import type { BrowserStep } from "../../config/browser-steps";

// What each browser step does to the page, one function per step in one table (the config's list is
// lib/config/browser-steps.ts). A step throws StepError or a Playwright error when it does not do what it
// says; lib/probes/browser.ts turns that into STEP_FAILED naming the step.

/** Frames received so far on the page's WebSockets, by socket URL in opening order. */
export type SocketFrames = Array<{ url: string; frames: number }>;

/** What a step needs besides the page: time left, the sockets seen, and where to record what it observed. */
export interface StepRun {
  page: Page;
  /** Milliseconds this step may take (what is left of the run, minus the time kept for evidence). */
  budgetMs: number;
  sockets: SocketFrames;
  /** Set by the first goto that gets an answer. */
  onConnected(): void;
  /** Set by a screenshot step. */
  keepScreenshot(png: Buffer): void;
  /** Selectors a fill typed into: masked in screenshots, since a value may be a secret. */
  filled: string[];
}

/** A step that ran but found the page not as expected (Playwright's own errors say why on their own). */
export class StepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StepError";
  }
}

/** How often expectWebSocket looks at the frame count. */
const POLL_MS = 50;

/** Frames received on sockets whose URL contains `part`. */
export function framesOn(sockets: SocketFrames, part: string): number {
  return sockets.filter((socket) => socket.url.includes(part)).reduce((sum, socket) => sum + socket.frames, 0);
}

async function waitForFrames(run: StepRun, part: string, wanted: number): Promise<void> {
  const until = Date.now() + run.budgetMs;
  while (framesOn(run.sockets, part) < wanted) {
    if (Date.now() >= until) {
      throw new StepError(`received ${framesOn(run.sockets, part)} of ${wanted} WebSocket messages${part ? ` on a URL containing "${part}"` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

type StepFns = { [K in BrowserStep["kind"]]: (arg: Extract<BrowserStep, { kind: K }>["arg"], run: StepRun) => Promise<void> };

const STEPS: StepFns = {
  goto: async (url, run) => {
    const response = await run.page.goto(url, { timeout: run.budgetMs, waitUntil: "load" });
    if (response) run.onConnected();
  },
  fill: async ({ selector, value }, run) => {
    run.filled.push(selector);
    await run.page.fill(selector, value, { timeout: run.budgetMs });
  },
  click: (selector, run) => run.page.click(selector, { timeout: run.budgetMs }),
  press: ({ selector, key }, run) =>
    selector === undefined ? run.page.keyboard.press(key) : run.page.press(selector, key, { timeout: run.budgetMs }),
  waitFor: async ({ text, selector, timeout }, run) => {
    const budgetMs = Math.min(timeout ?? run.budgetMs, run.budgetMs);
    const locator = text !== undefined ? run.page.getByText(text).first() : run.page.locator(selector ?? "").first();
    await locator.waitFor({ state: "visible", timeout: budgetMs });
  },
  expectText: async (text, run) => {
    // Waits like a person reading would: the text may arrive a moment after the last action.
    await run.page.getByText(text).first().waitFor({ state: "visible", timeout: run.budgetMs });
  },
  expectWebSocket: ({ urlContains, messages }, run) => waitForFrames(run, urlContains, messages),
  screenshot: async (_on, run) => run.keepScreenshot(await run.page.screenshot({ type: "png", timeout: run.budgetMs })),
};

/** Runs one step on the page. */
export function runStep(step: BrowserStep, run: StepRun): Promise<void> {
  const fn = STEPS[step.kind] as (arg: BrowserStep["arg"], run: StepRun) => Promise<void>;
  return fn(step.arg, run);
}

/** What a step acts on, for its name in an error: never a fill's value (it may be a secret). */
function targetOf(step: BrowserStep): string {
  switch (step.kind) {
    case "goto":
    case "click":
    case "expectText":
      return step.arg;
    case "fill":
      return step.arg.selector;
    case "press":
      return step.arg.selector ?? step.arg.key;
    case "waitFor":
      return step.arg.text ?? step.arg.selector ?? "";
    case "expectWebSocket":
      return step.arg.urlContains;
    case "screenshot":
      return "";
  }
}

/** A step as a person reads it in an error: `step 3 (click "#send")`. */
export function describeStep(step: BrowserStep, index: number): string {
  const target = targetOf(step);
  return `step ${index + 1} (${step.kind}${target ? ` "${target}"` : ""})`;
}
