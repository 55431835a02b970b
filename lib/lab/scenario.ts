import "server-only";

// The reference incident played on the lab: VPC connector, Redis and Cloud SQL fail first, then the
// infrastructure team remediates step by step over about ten minutes, then the cycle starts again.

/** One step: at `atSeconds` into the cycle, set these faults to these modes. */
export interface ScenarioStep {
  atSeconds: number;
  note: string;
  set: Record<string, string>;
  /** Test runs the demo's CI reports at this step, by suite: passed and failed counts. */
  reports?: Record<string, { passed: number; failed: number }>;
}

// The opening outage fails fast (connections to Redis reset, Cloud SQL refused: the connector is down), so
// every component is confirmed within seconds of start; Cloud SQL hangs to its 35 s timeout once the
// connector is back (step 90), as the incident's database timeouts did.
const OUTAGE: Record<string, string> = {
  "vpc-connector": "failing",
  redis: "unreachable",
  "cloud-sql": "refusing",
  "secret-manager": "failing",
  "tls-staging": "expired",
  "tls-api": "wrong-host",
  backend: "failing",
  auth: "failing",
  frontend: "failing",
  websocket: "failing",
};

/** The issue-1278 scenario, a 12-minute cycle. */
export const ISSUE_1278_SCENARIO: { cycleSeconds: number; steps: ScenarioStep[] } = {
  cycleSeconds: 720,
  steps: [
    {
      atSeconds: 0,
      note: "outage: VPC connector down, Redis and Cloud SQL unreachable",
      set: OUTAGE,
      // The figures reported in the incident: unit 12/12, integration 0/11, e2e 0/5.
      reports: { unit: { passed: 12, failed: 0 }, integration: { passed: 0, failed: 11 }, e2e: { passed: 0, failed: 5 }, validation: { passed: 3, failed: 7 } },
    },
    { atSeconds: 90, note: "VPC connector recreated", set: { "vpc-connector": "healthy", "cloud-sql": "hanging" } },
    { atSeconds: 150, note: "Redis reachable again", set: { redis: "healthy" } },
    { atSeconds: 210, note: "Cloud SQL answering, slowly", set: { "cloud-sql": "slow" } },
    { atSeconds: 270, note: "Cloud SQL connection pool fixed", set: { "cloud-sql": "healthy" } },
    { atSeconds: 300, note: "missing secrets created", set: { "secret-manager": "healthy" } },
    { atSeconds: 330, note: "certificates reissued", set: { "tls-staging": "healthy", "tls-api": "healthy" } },
    { atSeconds: 390, note: "backend and auth redeployed; backend warming up", set: { backend: "slow", auth: "healthy" } },
    { atSeconds: 420, note: "backend, frontend and WebSocket recovered", set: { backend: "healthy", frontend: "healthy", websocket: "healthy" } },
    {
      atSeconds: 450,
      note: "validation script and test suites re-run after the fix",
      set: {},
      reports: { validation: { passed: 10, failed: 0 }, integration: { passed: 11, failed: 0 }, e2e: { passed: 5, failed: 0 } },
    },
  ],
};

/** The modes in force `seconds` into the cycle: every step up to then, applied in order. */
export function modesAt(seconds: number, scenario = ISSUE_1278_SCENARIO): Record<string, string> {
  const within = ((seconds % scenario.cycleSeconds) + scenario.cycleSeconds) % scenario.cycleSeconds;
  const modes: Record<string, string> = {};
  for (const step of scenario.steps) if (step.atSeconds <= within) Object.assign(modes, step.set);
  return modes;
}

/** Plays the scenario from now: calls `apply` for each step when it falls due, looping; returns stop(). */
export function playScenario(
  apply: (step: ScenarioStep) => Promise<void>,
  scenario = ISSUE_1278_SCENARIO,
): () => void {
  const startedAt = Date.now();
  let cycle = 0;
  let index = 0;
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    const step = scenario.steps[index];
    if (!step) {
      cycle++;
      index = 0;
      return next();
    }
    const due = startedAt + (cycle * scenario.cycleSeconds + step.atSeconds) * 1000;
    timer = setTimeout(() => {
      index++;
      void apply(step).finally(next);
    }, Math.max(0, due - Date.now()));
  };
  next();
  return () => clearTimeout(timer);
}
