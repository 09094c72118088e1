import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useShallow } from 'zustand/react/shallow';
import type { RunStatus } from '../../../core/train/types';
import { useLab } from '../../state/labStore';
import { normalizedLoss } from './compareData';
import { axisTick, pct, tooltipStyle } from './chartStyle';

/** Points per run on the overlay, however long the run. */
const MAX_POINTS = 300;

/** Every trained run's loss on one chart, each divided by its own starting loss so the shapes compare. */
export function LossOverlay({ runs, colors }: { runs: RunStatus[]; colors: Record<string, string> }) {
  const trained = useMemo(() => runs.filter((r) => r.steps > 0), [runs]);
  const curves = useLab((s) => s.curves);
  // curves grow in place: their lengths say when to recompute
  const counts = useLab(useShallow((s) => trained.map((r) => s.curves[r.id]?.length ?? 0)));
  const drawn = useMemo(
    () => trained.map((r, i) => ({ id: r.id, data: normalizedLoss(curves[r.id] ?? [], counts[i], MAX_POINTS) })).filter((s) => s.data.length > 0),
    [trained, curves, counts],
  );
  return (
    <figure className="chart compare-chart" data-testid="loss-overlay" data-series={drawn.length}>
      <figcaption>
        <span>Loss relative to each run's start (smoothed)</span>
      </figcaption>
      {drawn.length === 0 ? (
        <div className="chart__empty muted small">no training curves yet</div>
      ) : (
        <ResponsiveContainer width="100%" height={220}>
          <LineChart margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="x" type="number" domain={[0, 'dataMax']} tick={axisTick} stroke="var(--border)" allowDecimals={false} allowDuplicatedCategory={false} />
            <YAxis width={44} tick={axisTick} stroke="var(--border)" tickFormatter={(v: number) => pct(v, 0)} domain={[0, 'auto']} />
            <Tooltip formatter={(v) => `${pct(Number(v))} of start`} labelFormatter={(s) => `step ${s}`} contentStyle={tooltipStyle} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {drawn.map((s) => (
              <Line key={s.id} data={s.data} dataKey="y" name={s.id} stroke={colors[s.id]} strokeWidth={2} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
