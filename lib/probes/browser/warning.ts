import "server-only";
import type { ComponentConfig } from "../../config";
import { log } from "../../log";
import { chromiumProblem } from "./pool";

/** The browser probes of a config that cannot run here, as one warning line; null when all can (or there are none). */
export function chromiumWarning(components: readonly Pick<ComponentConfig, "id" | "probe">[], chromiumPath: string): string | null {
  const ids = components.filter((component) => component.probe.type === "browser").map((component) => component.id);
  const problem = ids.length > 0 ? chromiumProblem(chromiumPath) : null;
  return problem ? `${problem}: browser probes ${ids.join(", ")} will report BROWSER_UNAVAILABLE (status unknown)` : null;
}

/** Logs chromiumWarning at start-up: a missing Chromium is said once, at config time, not only in results. */
export function warnWithoutChromium(components: readonly Pick<ComponentConfig, "id" | "probe">[], chromiumPath: string): void {
  const warning = chromiumWarning(components, chromiumPath);
  if (warning) log.warn(warning);
}
