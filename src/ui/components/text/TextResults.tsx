import type { ReactNode } from 'react';
import type { PerplexityEstimate } from '../../../core/text/textEval';
import { pct } from '../chart/ticks';
import { Accuracy } from '../compare/Accuracy';
import type { TextCompareRow } from './textComparison';

/** A perplexity and its 95 % bootstrap interval over the held-out texts: "71.2 (68.0–74.9)". */
function Perplexity({ e, testId }: { e: PerplexityEstimate | null; testId: string }) {
  if (!e) return <>–</>;
  return (
    <>
      {e.perplexity.toFixed(1)}{' '}
      <span className="compare-table__ci" data-testid={testId} title={`95 % interval: a bootstrap over ${e.items} held-out texts`}>
        ({e.low.toFixed(1)}–{e.high.toFixed(1)})
      </span>
    </>
  );
}

/** The table's columns after the run's name: header, the cell's test id and class, its content. */
const COLUMNS: { label: string; testId?: string; small?: boolean; cell(r: TextCompareRow): ReactNode }[] = [
  { label: 'Steps', cell: (r) => r.steps.toLocaleString() },
  { label: 'Linear probe', testId: 'text-probe', cell: (r) => <Accuracy value={r.probe} items="texts" /> },
  { label: 'kNN', testId: 'text-knn', cell: (r) => <Accuracy value={r.knn} items="texts" /> },
  { label: 'Perplexity', testId: 'text-perplexity', cell: (r) => <Perplexity e={r.perplexity} testId="text-perplexity-interval" /> },
  { label: 'Bigram', testId: 'text-bigram', cell: (r) => <Perplexity e={r.bigram} testId="text-bigram-interval" /> },
  {
    label: 'Probe by labels per class',
    testId: 'text-sweep',
    small: true,
    cell: (r) => r.sweep.map((p) => `${p.perClass}: ${pct(p.accuracy)}`).join(' · ') || '–',
  },
];

/** Finished text runs side by side: probe and kNN with their Wilson intervals, perplexity beside the bigram's, the label sweep. */
export function TextResults({ rows, colors }: { rows: TextCompareRow[]; colors: Record<string, string> }) {
  if (rows.length === 0) return null;
  return (
    <table className="text-results compare-table" data-testid="text-results">
      <caption className="small">
        Held-out texts (books never trained on). Small grey figures: 95 % intervals (Wilson for accuracies, a bootstrap over texts for
        perplexity).
      </caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          {COLUMNS.map((c) => (
            <th key={c.label} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.runId} data-testid={`text-result-${r.runId}`}>
            <th scope="row">
              <span className="swatch" style={{ background: colors[r.runId] }} aria-hidden="true" />
              {r.method} ({r.runId})
            </th>
            {COLUMNS.map((c) => (
              <td key={c.label} className={c.small ? 'mono small' : 'mono'} data-testid={c.testId}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
