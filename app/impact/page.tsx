import { HydrateStatus } from "@/components/ui/hydrate-status";
import { ImpactView } from "@/components/impact/impact-view";

export const dynamic = "force-dynamic";

export default function ImpactPage() {
  return (
    <HydrateStatus path="/impact">
      <ImpactView />
    </HydrateStatus>
  );
}
