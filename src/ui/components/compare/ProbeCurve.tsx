import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProbeRow } from './compareData';
import { axisTick, pct, tooltipStyle } from './chartStyle';


/** Probe and kNN accuracy at every step the run was evaluated at: how the features improved while it trained. */
export function ProbeCurve({ runId, rows }: { runId: string; rows: ProbeRow[] }) {
  return (
    <figure className="chart" data-testid={`probe-curve-${runId}`} data-points={rows.length}>
      <figcaption>
        <span>Probe accuracy over training</span>
      </figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={axisTick} stroke="var(--border)" allowDecimals={false} />
          <YAxis width={44} tick={axisTick} stroke="var(--border)" domain={[0, 'auto']} tickFormatter={(v: number) => pct(v, 0)} />
          <Tooltip formatter={(v) => pct(Number(v))} labelFormatter={(s) => `step ${s}`} contentStyle={tooltipStyle} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line dataKey="probe" name="linear probe" stroke="var(--accent)" strokeWidth={2} isAnimationActive={false} />
          <Line dataKey="knn" name="kNN" stroke="var(--good)" strokeWidth={2} strokeDasharray="4 3" isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
