import type { IncidentConfig } from "../config";
import type { NotifyEvent } from "./types";

// Which channels an event goes to under the config's rules (docs/notifications.md "Rules"). Pure.

/** A channel an event is routed to; rootCauseOnly when every rule that routes it there says so. */
export interface RoutedChannel {
  channel: string;
  rootCauseOnly: boolean;
}

/** The channels of every rule whose `on` names the event, each once, in config order. */
export function channelsFor(notify: IncidentConfig["notify"], event: NotifyEvent): RoutedChannel[] {
  const routed = new Map<string, boolean>();
  for (const rule of notify.rules) {
    if (!rule.on.includes(event)) continue;
    for (const channel of rule.channels) routed.set(channel, (routed.get(channel) ?? true) && rule.rootCauseOnly);
  }
  return [...routed].map(([channel, rootCauseOnly]) => ({ channel, rootCauseOnly }));
}

/** The component events a flapping window coalesces (one message per component and channel per window). */
export const COMPONENT_EVENTS: readonly NotifyEvent[] = ["component_down", "component_recovered"];
