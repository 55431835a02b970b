import type { ComponentView, StatusSnapshot } from "../types";
import { etagOf } from "./etag";

// The body and validator of `GET /api/status`, made once per build (docs/architecture.md "Read model").
// The components are nearly all of it (≈1 MB at 2,000 components × 2 locations) and few of them change
// between two builds: each component view's JSON is kept beside the view object, and buildSnapshot's memo
// hands back the same object for a component that did not change, so a build serialises only what moved.
// Serialising and hashing the whole snapshot twice per build was ≈50–80 ms of main thread at 2,000.

const componentJson = new WeakMap<ComponentView, string>();

function jsonOf(component: ComponentView): string {
  let json = componentJson.get(component);
  if (json === undefined) componentJson.set(component, (json = JSON.stringify(component)));
  return json;
}

/** The snapshot as JSON (the components last) and its weak ETag (lib/snapshot/etag.ts). */
export function serializeSnapshot(snapshot: StatusSnapshot): { body: string; etag: string } {
  const { components, ...rest } = snapshot;
  const componentsJson = `[${components.map(jsonOf).join(",")}]`;
  const restJson = JSON.stringify(rest);
  const body = `${restJson.slice(0, -1)},"components":${componentsJson}}`;
  return { body, etag: etagOf(rest, componentsJson) };
}
