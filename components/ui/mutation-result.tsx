import { errorDetailLines } from "./error-details";

/** The outcome line under a form or button: the server's error (and its lists) as an alert, or a short confirmation. */
export function MutationResult({ error, success, testId }: { error: Error | null; success: string | null; testId?: string }) {
  if (error) {
    return (
      <div role="alert" data-testid={testId} className="text-sm text-bad">
        <p>
          <span aria-hidden="true">✕ </span>
          {error.message}
        </p>
        {errorDetailLines(error).map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
    );
  }
  if (!success) return null;
  return (
    <p role="status" className="text-sm text-ok">
      <span aria-hidden="true">✓ </span>
      {success}
    </p>
  );
}
