import { SignInForm } from "@/components/auth/sign-in-form";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { safeNextPath } from "@/lib/auth/next-path";
import { readPageSession } from "@/lib/auth/page-session";

export const dynamic = "force-dynamic";

// The error codes /api/session puts in `?error=` after a form post without JavaScript.
const ERRORS: Record<string, string> = {
  UNAUTHORIZED: "That token was not accepted.",
  RATE_LIMITED: "Too many failed attempts. Wait a few minutes and try again.",
  CSRF: "The sign-in did not come from this dashboard.",
  BAD_REQUEST: "Enter a token.",
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(first(params.next));
  const code = first(params.error);
  const { principal, tokensConfigured, demoTokensFile } = await readPageSession();
  return (
    <section className="flex flex-col gap-4" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" className="text-xl font-semibold">
        Sign in
      </h1>
      {principal ? (
        <p data-testid="signed-in-as" className="flex flex-wrap items-center gap-2">
          Signed in as <strong>{principal.name}</strong> ({principal.role}). <SignOutButton />
        </p>
      ) : null}
      {demoTokensFile ? (
        <p data-testid="demo-tokens-hint" className="rounded border border-sky-300 bg-sky-50 p-4 text-sm dark:border-sky-800 dark:bg-sky-950">
          Demo: there is one token per team (and a read-only viewer). They were printed when <code>npm start</code> began, and
          are kept in <code>{demoTokensFile}</code> in the data directory (<code>HANDBACK_DATA_DIR</code>).
        </p>
      ) : null}
      {tokensConfigured ? (
        <SignInForm next={next} initialError={code ? (ERRORS[code] ?? "Sign-in failed.") : null} />
      ) : (
        <p role="status" className="rounded border border-dashed border-slate-300 p-4 text-sm dark:border-slate-700">
          This server has no tokens configured (HANDBACK_TOKENS is unset): everyone may read, nobody may write.
        </p>
      )}
    </section>
  );
}
