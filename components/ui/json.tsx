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
    // Focusable, so a keyboard can scroll a block that overflows (axe: scrollable-region-focusable).
    <pre className={`code ${className}`} aria-label={label} data-testid={testId} tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
