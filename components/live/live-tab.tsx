"use client";
import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { useStatus } from "../ui/use-status";
import { faviconFor, summariseForTab } from "./tab-summary";

/** Keeps the tab's title and favicon on the live snapshot (see tab-summary.ts); renders nothing. */
export function LiveTab() {
  const { data } = useStatus();
  // Next sets each page's metadata title on navigation: set ours again after it.
  const pathname = usePathname();
  const summary = data ? summariseForTab(data) : null;
  useEffect(() => {
    if (!summary) return;
    const title = summary.title;
    document.title = title;
    // Next streams each page's metadata <title> and may write it after this effect ran (seen in e2e on /):
    // put ours back whenever the head's title changes to anything else.
    const keepTitle = new MutationObserver(() => {
      if (document.title !== title) document.title = title;
    });
    keepTitle.observe(document.head, { childList: true, subtree: true, characterData: true });
    let link = document.querySelector<HTMLLinkElement>('link[rel="icon"][data-live]');
    if (!link) {
      link = document.createElement("link");
      link.rel = "icon";
      link.dataset.live = "true";
      document.head.appendChild(link);
    }
    link.href = faviconFor(summary.tone);
    return () => keepTitle.disconnect();
  }, [summary?.title, summary?.tone, pathname]); // eslint-disable-line react-hooks/exhaustive-deps -- the two strings are the whole summary
  return null;
}
