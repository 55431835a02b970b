import "server-only";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { log } from "../log";
import { JUnitError } from "./errors";
import type { ParseReply } from "./off-thread-messages";
import type { JUnitReport } from "./types";

// One long-lived worker thread parses JUnit reports for the whole process. It runs the TypeScript source
// through tsx (a dependency, as for the CLI) instead of a bundled file: Next's bundler does not emit
// worker_threads entry points, and `npm start` serves from the checkout, where the source is. A worker
// that dies is replaced on the next report; the calls it was serving fail.

const WORKER_FILE = "lib/junit/parse-worker.ts";
const STATE = Symbol.for("handback.junit-worker");

type Pending = { resolve: (report: JUnitReport) => void; reject: (error: Error) => void };
type WorkerState = { worker: Worker; pending: Map<number, Pending>; nextId: number };
type GlobalWithWorker = typeof globalThis & { [STATE]?: WorkerState | null };

function settle(state: WorkerState, reply: ParseReply): void {
  const pending = state.pending.get(reply.id);
  state.pending.delete(reply.id);
  if (state.pending.size === 0) state.worker.unref();
  if (!pending) return;
  if (reply.ok) pending.resolve(reply.report);
  else if ("refused" in reply) pending.reject(new JUnitError(reply.refused.code, reply.refused.reason, reply.refused.line, reply.refused.column));
  else pending.reject(new Error(`JUnit parser failed: ${reply.crashed}`));
}

// Node 20 does not apply `--import tsx` hooks inside worker threads, so the worker loads the file through
// tsx's own API; the bare "tsx/esm/api" resolves from the working directory, the checkout.
function bootstrap(file: string): string {
  const url = JSON.stringify(pathToFileURL(file).href);
  return `import("tsx/esm/api").then(({ tsImport }) => tsImport(${url}, ${url}));`;
}

function start(): WorkerState {
  const file = path.join(/* turbopackIgnore: true */ process.cwd(), WORKER_FILE);
  const worker = new Worker(bootstrap(file), { eval: true });
  const state: WorkerState = { worker, pending: new Map(), nextId: 1 };
  const fail = (error: Error) => {
    const store = globalThis as GlobalWithWorker;
    if (store[STATE] !== state) return; // "error" then "exit": reported once; a replacement stays in place
    log.error(`JUnit parser worker stopped: ${error.message}`);
    store[STATE] = null;
    for (const pending of state.pending.values()) pending.reject(error);
    state.pending.clear();
  };
  worker.on("message", (reply: ParseReply) => settle(state, reply));
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`exited with code ${code}`)));
  worker.unref(); // an idle parser never keeps the process alive
  return state;
}

/** Parses a JUnit report in the worker thread; rejects with the same JUnitError parseJUnit would throw. */
export function parseJUnitOffThread(xml: string): Promise<JUnitReport> {
  const store = globalThis as GlobalWithWorker;
  const state = (store[STATE] ??= start());
  const id = state.nextId++;
  return new Promise((resolve, reject) => {
    state.pending.set(id, { resolve, reject });
    state.worker.ref(); // while a report is being parsed, its caller is waiting
    state.worker.postMessage({ id, xml });
  });
}
