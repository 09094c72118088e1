import { textCatalog } from '../../../core/methods/catalog';
import { wilson } from '../../../core/eval/stats';
import type { TextAccuracy, TextRunStatus } from '../../../worker/textContract';

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

/** An accuracy with its 95 % Wilson interval over the held-out texts. */
function Accuracy({ a, testId }: { a: TextAccuracy | null; testId: string }) {
  if (!a) return <td data-testid={testId}>–</td>;
  const n = a.correct.length;
  const { low, high } = wilson(
    a.correct.reduce((s, c) => s + c, 0),
    n,
  );
  return (
    <td data-testid={testId}>
      {percent(a.accuracy)}{' '}
      <span className="muted small" data-testid={`${testId}-interval`}>
        ({percent(low)}–{percent(high)}, n = {n})
      </span>
    </td>
  );
}

/** Finished (or stopped) text runs: probe and kNN with intervals, held-out perplexity beside the bigram's, probe gain over random init. */
export function TextResults({ runs }: { runs: TextRunStatus[] }) {
  const done = runs.filter((r) => (r.state === 'done' || r.state === 'stopped') && r.result);
  if (done.length === 0) return null;
  const random = [...done].reverse().find((r) => r.method === 'random')?.result?.probe ?? null;
  return (
    <table className="text-results" data-testid="text-results">
      <caption className="small">Held-out texts (books never trained on). Intervals: 95 % Wilson.</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Linear probe</th>
          <th scope="col">kNN</th>
          <th scope="col">Perplexity (bigram)</th>
          <th scope="col">Probe vs random init</th>
        </tr>
      </thead>
      <tbody>
        {done.map(({ id, method, result }) => (
          <tr key={id} data-testid={`text-result-${id}`}>
            <th scope="row">
              {textCatalog[method].label} ({id})
            </th>
            <Accuracy a={result!.probe} testId="text-probe" />
            <Accuracy a={result!.knn} testId="text-knn" />
            <td data-testid="text-perplexity">
              {result!.perplexity === null ? '–' : result!.perplexity.toFixed(1)} ({result!.bigramPerplexity.toFixed(1)})
            </td>
            <td data-testid="text-vs-random">
              {random && result!.probe && method !== 'random'
                ? `${((result!.probe.accuracy - random.accuracy) * 100).toFixed(1)} points`
                : '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
