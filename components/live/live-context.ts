"use client";
import { createContext, useContext } from "react";

/** The connection state the nav shows: live, trying again, or given up for now (since when). */
export interface LiveState {
  state: "live" | "reconnecting" | "offline";
  /** When the stream was last lost (epoch ms); null while live. */
  since: number | null;
}

export const LiveContext = createContext<LiveState>({ state: "reconnecting", since: null });

/** The live-update connection state of this tab. */
export function useLive(): LiveState {
  return useContext(LiveContext);
}
