import { useMemo } from 'react';
import { ChartLegend } from '../chart/ChartLegend';
import { Plot, type PlotSeries } from '../chart/Plot';
import { formatStep } from '../chart/ticks';
import type { ProbeRow } from './compareData';

/** Probe and kNN accuracy at every step the run was evaluated at: how the features improved while it trained. */
export function ProbeCurve({ runId, rows }: { runId: string; rows: ProbeRow[] }) {
  const series = useMemo<PlotSeries[]>(
    () => [
      { id: 'probe', name: 'linear probe', color: 'var(--accent)', points: rows.map((r) => ({ x: r.step, y: r.probe })) },
      { id: 'knn', name: 'kNN', color: 'var(--good)', dashed: true, points: rows.map((r) => ({ x: r.step, y: r.knn })) },
    ],
    [rows],
  );
  return (
    <figure className="chart" data-testid={`probe-curve-${runId}`} data-points={rows.length}>
      <figcaption>
        <span>Probe accuracy over training</span>
      </figcaption>
      <Plot
        label="Probe and kNN accuracy by training step"
        series={series}
        height={180}
        formatX={formatStep}
        formatTipX={(s) => `step ${s}`}
      />
      <ChartLegend items={series} label="Probe curve series" />
    </figure>
  );
}
