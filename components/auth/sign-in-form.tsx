"use client";
import { useState, type FormEvent } from "react";

/** What to tell the user about a failed sign-in; the server's messages never contain the token. */
async function describeFailure(response: Response): Promise<string> {
  if (response.status === 429) {
    const seconds = response.headers.get("Retry-After");
    return `Too many failed attempts. Try again in ${seconds ?? "a few"} seconds.`;
  }
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  const detail = body?.error?.message;
  if (response.status === 401) return `That token was not accepted${detail ? ` (${detail})` : ""}.`;
  return `Sign-in failed (HTTP ${response.status})${detail ? `: ${detail}` : ""}.`;
}

/** The token form: posts JSON to /api/session, then goes to `next` (already checked to be a local path). */
export function SignInForm({ next, initialError }: { next: string; initialError: string | null }) {
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const token = new FormData(event.currentTarget).get("token");
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/session", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token }),
      });
      if (response.ok) {
        window.location.assign(next); // a full load, so every server component renders as the new user
        return;
      }
      setError(await describeFailure(response));
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    }
    setPending(false);
  }

  return (
    // method/action keep the form working without JavaScript: the route answers a form post with a redirect.
    <form method="post" action="/api/session" onSubmit={onSubmit} data-testid="sign-in-form" className="flex max-w-md flex-col gap-3">
      <input type="hidden" name="next" value={next} />
      <label htmlFor="sign-in-token" className="font-medium">
        Access token
      </label>
      <input
        id="sign-in-token"
        name="token"
        type="password"
        autoComplete="current-password"
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? "sign-in-hint sign-in-error" : "sign-in-hint"}
        className="rounded border border-slate-300 bg-white px-2 py-1.5 font-mono dark:border-slate-700 dark:bg-slate-900"
      />
      <p id="sign-in-hint" className="text-sm text-slate-600 dark:text-slate-300">
        One of the tokens in the server&apos;s HANDBACK_TOKENS. It is sent once; the browser then keeps a session for 12 hours.
      </p>
      {error ? (
        <p id="sign-in-error" role="alert" data-testid="sign-in-error" className="rounded border border-dashed border-bad p-3 text-sm text-bad">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="self-start rounded border border-slate-300 px-3 py-1.5 font-medium hover:bg-slate-100 focus-visible:outline-2 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
