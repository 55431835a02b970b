"use client";
import { useEffect, useState } from "react";

/** Formats an age in seconds as `42s`, `5m`, `3h 20m`. */
function formatAge(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  const hours = Math.floor(seconds / 3600);
  return `${hours}h ${Math.floor((seconds % 3600) / 60)}m`;
}

/** "12s ago", ticking each second; the server render is replaced on hydration. */
export function TimeAgo({ iso }: { iso: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={iso} title={iso} suppressHydrationWarning>
      {formatAge((now - Date.parse(iso)) / 1000)} ago
    </time>
  );
}
