import { HydrateStatus } from "@/components/ui/hydrate-status";
import { CriteriaChanged } from "@/components/criteria/criteria-changed";
import { HandbackView } from "@/components/criteria/handback-view";
import { HandbackRecords } from "@/components/report/handback-records";

export const dynamic = "force-dynamic";

export default function HandbackPage() {
  return (
    <HydrateStatus path="/handback">
      <div className="space-y-6">
        <CriteriaChanged />
        <HandbackView />
        <HandbackRecords />
      </div>
    </HydrateStatus>
  );
}
