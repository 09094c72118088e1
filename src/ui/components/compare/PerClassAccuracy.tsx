import type { RunEvaluation } from '../../../core/train/types';
import { pct } from '../chart/ticks';

/** Recall of each class under the linear probe and kNN, with a bar for the probe's. */
export function PerClassAccuracy({ evaluation, classes }: { evaluation: RunEvaluation; classes: string[] }) {
  const probe = evaluation.probe!.perClass;
  const knn = evaluation.knn?.perClass ?? [];
  return (
    <table className="per-class" data-testid={`per-class-${evaluation.runId}`}>
      <caption className="small muted">Per-class accuracy (recall) on the test split</caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">Linear probe</th>
          <th scope="col">kNN</th>
        </tr>
      </thead>
      <tbody>
        {probe.map((acc, k) => (
          <tr key={k}>
            <th scope="row">{classes[k] ?? `class ${k}`}</th>
            <td className="mono">
              <span className="per-class__bar" style={{ width: `${Number.isFinite(acc) ? 100 * acc : 0}%` }} aria-hidden="true" />
              {pct(acc)}
            </td>
            <td className="mono">{pct(knn[k] ?? null)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
