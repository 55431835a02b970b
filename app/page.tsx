import { HydrateStatus } from "@/components/ui/hydrate-status";
import { StatusView } from "@/components/matrix/status-view";

export const dynamic = "force-dynamic";

export default function StatusPage() {
  return (
    <HydrateStatus path="/">
      <StatusView />
    </HydrateStatus>
  );
}
