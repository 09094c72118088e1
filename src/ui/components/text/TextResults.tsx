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
          <th scope="col">Steps</th>
          <th scope="col">Linear probe</th>
          <th scope="col">kNN</th>
          <th scope="col">Perplexity</th>
          <th scope="col">Bigram</th>
          <th scope="col">Probe by labels per class</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.runId} data-testid={`text-result-${r.runId}`}>
            <th scope="row">
              <span className="swatch" style={{ background: colors[r.runId] }} aria-hidden="true" />
              {r.method} ({r.runId})
            </th>
            <td className="mono">{r.steps.toLocaleString()}</td>
            <td className="mono" data-testid="text-probe">
              <Accuracy value={r.probe} items="texts" />
            </td>
            <td className="mono" data-testid="text-knn">
              <Accuracy value={r.knn} items="texts" />
            </td>
            <td className="mono" data-testid="text-perplexity">
              <Perplexity e={r.perplexity} testId="text-perplexity-interval" />
            </td>
            <td className="mono" data-testid="text-bigram">
              <Perplexity e={r.bigram} testId="text-bigram-interval" />
            </td>
            <td className="mono small" data-testid="text-sweep">
              {r.sweep.map((p) => `${p.perClass}: ${pct(p.accuracy)}`).join(' · ') || '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
