"use client";
import { useEffect, useState } from "react";

/** The current time (epoch ms), ticking every `everyMs`; for durations that grow on screen. */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
