import { HydrateTimeline } from "@/components/timeline/hydrate-timeline";
import { readTimelineFilter } from "@/components/timeline/filter";
import { TimelineView } from "@/components/timeline/timeline-view";
import { HydrateStatus } from "@/components/ui/hydrate-status";
import { getConfig } from "@/lib/runtime";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function TimelinePage({ searchParams }: Props) {
  const raw = await searchParams;
  const filter = readTimelineFilter({ get: (name) => (typeof raw[name] === "string" ? (raw[name] as string) : null) });
  const teams = getConfig().teams.map((team) => ({ id: team.id, name: team.name }));
  return (
    <HydrateStatus path="/timeline">
      <HydrateTimeline filter={filter}>
        <TimelineView teams={teams} />
      </HydrateTimeline>
    </HydrateStatus>
  );
}
