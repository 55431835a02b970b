/** Polls `read` until `done` holds for its value (no fixed sleeps: waits on the condition); throws after timeoutMs. */
export async function waitUntil<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 20_000, label = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}: last value ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
