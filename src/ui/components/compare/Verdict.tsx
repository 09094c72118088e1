/** The comparison in words, above the table: what pre-training bought, how sure that is, or honestly that it has not yet. */
export function Verdict({ lines, testId = 'compare-verdict' }: { lines: readonly string[]; testId?: string }) {
  return (
    <div className="compare__verdict" role="status" data-testid={testId}>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
