"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { COMPONENTS_KEY } from "@/lib/queries/components";
import { fetchJson } from "@/lib/queries/fetch-json";
import { statusQuery } from "@/lib/queries/status";
import { useSession } from "../ui/use-session";

/** "Run probes now" for the infra team (all components, or the given ones); hidden for other roles. */
export function RunProbesButton({ label, components }: { label: string; components?: string[] }) {
  const session = useSession();
  const client = useQueryClient();
  const run = useMutation({
    mutationFn: () =>
      fetchJson<{ results: unknown[] }>("/api/probes/run", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(components ? { components } : {}),
      }),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: statusQuery().queryKey }), client.invalidateQueries({ queryKey: COMPONENTS_KEY })]),
  });
  if (session?.role !== "infra") return null;
  return (
    <div className="flex min-h-8 flex-wrap items-center gap-2">
      <button
        type="button"
        onClick={() => run.mutate()}
        disabled={run.isPending}
        className="rounded border border-slate-400 px-3 py-1 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 disabled:opacity-60 dark:border-slate-500 dark:hover:bg-slate-800"
      >
        {run.isPending ? "Running…" : label}
      </button>
      {run.isError ? (
        <span role="alert" className="text-sm text-bad">
          <span aria-hidden="true">✕ </span>Run failed: {run.error.message}
        </span>
      ) : run.isSuccess ? (
        <span role="status" className="text-sm text-ok">
          <span aria-hidden="true">✓ </span>Ran {run.data.results.length} probe{run.data.results.length === 1 ? "" : "s"}
        </span>
      ) : null}
    </div>
  );
}
