"use client";

// A page that failed to render shows a plain message; the server log has the details, the page never does.
export default function PageError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="space-y-2 rounded border border-bad p-4">
      <p className="font-semibold text-bad">This page could not be loaded.</p>
      <p className="text-sm">The server may be starting or its storage may be unavailable. Live data resumes when it answers.</p>
      <button type="button" onClick={reset} className="rounded border px-2 py-1 text-sm underline-offset-4 hover:underline">
        Try again
      </button>
    </div>
  );
}
