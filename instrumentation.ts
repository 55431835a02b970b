// Next.js calls register() once when the server starts: load the config (exit 2 when it is invalid),
// open storage, and later start the probe scheduler. NEXT_RUNTIME is Next's own switch, read here by design.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("./lib/boot");
  await boot();
}
