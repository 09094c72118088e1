import { useMemo } from 'react';
import { methodInfo } from '../../../core/methods/catalog';
import type { RunStatus } from '../../../core/train/types';
import type { SweepPoint } from '../../../core/eval/evaluate';
import { verdict, type VerdictRun } from './verdict';

/** The probed runs as the verdict reads them. */
function verdictRuns(runs: readonly RunStatus[]): VerdictRun[] {
  return runs.flatMap((r) => {
    const info = methodInfo(r.method);
    const probe = r.probe?.accuracy;
    if (probe === null || probe === undefined) return [];
    return [{
      label: info.label,
      selfSupervised: info.trainable && !info.needsLabels,
      random: !info.trainable,
      encoder: `width ${r.config.width} · depth ${r.config.depth}`,
      probe,
      sweep: r.probe?.sweep ?? null,
    }];
  });
}

/** The comparison in words, above the table: what pre-training bought, or honestly that it has not yet. */
export function Verdict({ runs, scratch }: { runs: readonly RunStatus[]; scratch: SweepPoint[] | null }) {
  const lines = useMemo(() => verdict(verdictRuns(runs), scratch), [runs, scratch]);
  return (
    <div className="compare__verdict" role="status" data-testid="compare-verdict">
      {lines.map((line) => <p key={line}>{line}</p>)}
    </div>
  );
}
