"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

/** Ends the browser session (DELETE /api/session) and shows the sign-in page, rendered afresh. */
export function SignOutButton() {
  const router = useRouter();
  const [failed, setFailed] = useState(false);

  async function signOut() {
    const response = await fetch("/api/session", { method: "DELETE" }).catch(() => null);
    if (!response?.ok) return setFailed(true);
    router.push("/sign-in");
    router.refresh();
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        onClick={signOut}
        data-testid="sign-out"
        className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 focus-visible:outline-2 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Sign out
      </button>
      {failed ? (
        <span role="alert" className="text-sm text-bad">
          Sign-out failed; try again.
        </span>
      ) : null}
    </span>
  );
}
