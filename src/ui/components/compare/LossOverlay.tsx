import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunStatus } from '../../../core/train/types';
import { useThrottled } from '../../hooks/useThrottled';
import { useStore } from '../../state/store';
import { LineChart, type LineSeries } from '../chart/LineChart';
import { normalizedLoss } from './compareData';
import { chartTheme } from '../chart/theme';
import { pct } from '../chart/ticks';

/** Points per run on the overlay, however long the run… */
const MAX_POINTS = 300;
/** …redrawn at most this often. */
const REDRAW_MS = 500;
const formatTip = (v: number) => `${pct(v)} of start`;
const formatAxis = (v: number) => pct(v, 0);

/** Every trained run's loss on one chart, each divided by its own starting loss so the shapes compare. */
export function LossOverlay({ runs, colors }: { runs: RunStatus[]; colors: Record<string, string> }) {
  const trained = useMemo(() => runs.filter((r) => r.steps > 0), [runs]);
  const curves = useStore((s) => s.curves);
  // curves grow in place: their lengths say when to recompute
  const counts = useThrottled(useStore(useShallow((s) => trained.map((r) => s.curves[r.id]?.length ?? 0))), REDRAW_MS);
  const drawn = useMemo<LineSeries[]>(
    () =>
      trained
        .map((r, i) => ({
          id: r.id,
          name: r.id,
          color: colors[r.id],
          points: normalizedLoss(curves[r.id] ?? [], counts[i] ?? 0, MAX_POINTS),
        }))
        .filter((s) => s.points.length > 0),
    [trained, curves, counts, colors],
  );
  return (
    <figure className="chart compare-chart" data-testid="loss-overlay" data-series={drawn.length}>
      <figcaption>
        <span>Loss relative to each run's start (smoothed)</span>
      </figcaption>
      {drawn.length === 0 ? (
        <div className="chart__empty muted small">no training curves yet</div>
      ) : (
        <LineChart
          label="Loss relative to each run's start, by step"
          series={drawn}
          height={220}
          formatY={formatAxis}
          formatTip={formatTip}
          yFrom0
          yAxisWidth={chartTheme.yAxisWidth.percent}
          legend
        />
      )}
    </figure>
  );
}
