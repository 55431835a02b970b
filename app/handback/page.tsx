import { HydrateStatus } from "@/components/ui/hydrate-status";
import { HandbackView } from "@/components/criteria/handback-view";

export const dynamic = "force-dynamic";

export default function HandbackPage() {
  return (
    <HydrateStatus path="/handback">
      <HandbackView />
    </HydrateStatus>
  );
}
