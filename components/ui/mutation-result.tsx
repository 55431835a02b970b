/** The outcome line under a form or button: the server's error as an alert, or a short confirmation. */
export function MutationResult({ error, success, testId }: { error: Error | null; success: string | null; testId?: string }) {
  if (error) {
    return (
      <p role="alert" data-testid={testId} className="text-sm text-bad">
        <span aria-hidden="true">✕ </span>
        {error.message}
      </p>
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
