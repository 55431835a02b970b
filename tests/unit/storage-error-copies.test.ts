import { describe, expect, it, vi } from "vitest";
import { StorageError } from "@/lib/db/errors";
import { isTransientStorageError } from "@/lib/engine/result-buffer";
import { errorResponse } from "@/lib/errors";

// Next.js bundles instrumentation and each route separately: the store opened at boot throws one copy of
// StorageError, route code checks against another. A fresh module graph here is such a second copy.
describe("StorageError across module copies", () => {
  it("is recognised by instanceof, the outage buffer and the API error mapper", async () => {
    vi.resetModules();
    const other = await import("@/lib/db/errors");
    expect(other.StorageError).not.toBe(StorageError);
    const error = new other.StorageError("STORAGE_UNAVAILABLE", "PostgreSQL storage is unavailable (ECONNREFUSED)");
    expect(error instanceof StorageError).toBe(true);
    expect(isTransientStorageError(error)).toBe(true);
    const response = errorResponse(error);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: "STORAGE_UNAVAILABLE" } });
  });

  it("is not fooled by a look-alike without the brand", () => {
    const lookAlike = Object.assign(new Error("x"), { name: "StorageError", code: "STORAGE_UNAVAILABLE" });
    expect(lookAlike instanceof StorageError).toBe(false);
    expect(JSON.stringify(new StorageError("QUERY_FAILED", "bad"))).not.toContain("handback");
  });
});
