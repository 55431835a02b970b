#!/usr/bin/env node
// Adds lockfile entries for other platforms' optional native packages (@next/swc-*, @tailwindcss/oxide-*,
// @unrs/resolver-binding-*, …). This machine's registry does not serve them, so `npm install` leaves them
// out, and `npm ci` then fails everywhere with "Missing: … from lock file". Rerun after every dependency change.
import { readFileSync, writeFileSync } from "node:fs";

const LOCKFILE = new URL("../package-lock.json", import.meta.url);
const OS = ["android", "darwin", "freebsd", "linux", "openharmony", "win32", "netbsd", "openbsd", "sunos", "aix"];
const CPU = { x64: "x64", arm64: "arm64", arm: "arm", ia32: "ia32", loong64: "loong64", ppc64: "ppc64", riscv64: "riscv64", s390x: "s390x", wasm32: "wasm32" };

/** Reads os, cpu and libc from a platform package name such as `@next/swc-linux-arm64-musl`. */
export function platformOf(name) {
  const tokens = name.split("/").pop().split("-");
  const os = tokens.find((t) => OS.includes(t));
  const cpu = tokens.map((t) => CPU[t]).find(Boolean);
  if (!cpu) return null;
  const entry = { os: os ? [os] : undefined, cpu: [cpu] };
  if (os === "linux") {
    if (tokens.some((t) => t.startsWith("musl"))) entry.libc = ["musl"];
    else if (tokens.some((t) => t.startsWith("gnu"))) entry.libc = ["glibc"];
  }
  return entry;
}

const lock = JSON.parse(readFileSync(LOCKFILE, "utf8"));
const added = [];
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const nested = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    const platform = platformOf(dep);
    if (!platform) continue; // not a platform package: leave it for npm to report
    lock.packages[hoisted] = { version, ...JSON.parse(JSON.stringify(platform)), optional: true };
    added.push(`${dep}@${version}`);
  }
}
// Keep npm's ordering (sorted by path) so diffs stay small.
const [root, ...rest] = Object.entries(lock.packages);
lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => a.localeCompare(b))]);
writeFileSync(LOCKFILE, JSON.stringify(lock, null, 2) + "\n");
console.log(added.length ? `added ${added.length} platform entries:\n  ${added.join("\n  ")}` : "lockfile already complete");
