/** The loading, error and empty states every panel shares. */
export function PanelMessage({ kind, children }: { kind: "loading" | "error" | "empty"; children: React.ReactNode }) {
  const tone = kind === "error" ? "border-bad text-bad" : "border-slate-300 text-slate-600 dark:border-slate-700 dark:text-slate-300";
  return (
    <p role={kind === "error" ? "alert" : "status"} className={`rounded border border-dashed p-4 text-sm ${tone}`}>
      {children}
    </p>
  );
}
