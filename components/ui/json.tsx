/** A value as pretty-printed JSON in a code block: only the JSON, so a test can parse the element's text. */
export function Json({
  value,
  label,
  testId,
  className = "",
}: {
  value: unknown;
  /** The block's accessible name, where the heading above it does not give one. */
  label?: string;
  testId?: string;
  className?: string;
}) {
  return (
    <pre className={`code ${className}`} aria-label={label} data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
