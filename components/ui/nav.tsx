import Link from "next/link";
import { LiveIndicator } from "../live/live-indicator";

const LINKS = [
  { href: "/", label: "Status" },
  { href: "/impact", label: "Impact" },
  { href: "/handback", label: "Handback" },
  { href: "/timeline", label: "Timeline" },
  { href: "/report", label: "Report" },
  { href: "/incidents", label: "Incidents" },
];

/** Top navigation between the views (the report and the archive of past incidents included), with the live-update indicator; no incident id for a visitor who may not read. */
export function Nav({ incidentId }: { incidentId: string | null }) {
  return (
    <nav className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-300 px-4 py-2 dark:border-slate-700">
      <span className="font-semibold">{incidentId ? `Handback · ${incidentId}` : "Handback"}</span>
      {LINKS.map((link) => (
        <Link key={link.href} href={link.href} className="underline-offset-4 hover:underline focus-visible:underline">
          {link.label}
        </Link>
      ))}
      <span className="ml-auto">
        <LiveIndicator />
      </span>
    </nav>
  );
}
