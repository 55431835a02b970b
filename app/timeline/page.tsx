import { HydrateStatus } from "@/components/ui/hydrate-status";
import { TimelineView } from "@/components/timeline/timeline-view";

export const dynamic = "force-dynamic";

export default function TimelinePage() {
  return (
    <HydrateStatus path="/timeline">
      <TimelineView />
    </HydrateStatus>
  );
}
