import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartRow } from './downsample';

export interface Series {
  key: 'value' | 'smooth';
  name: string;
  color: string; // any CSS colour, theme variables included
  faint?: boolean;
}

interface Props {
  testId: string;
  title: string;
  rows: ChartRow[];
  rawCount: number; // raw points behind the (downsampled) rows; exposed as data-points
  series: Series[];
  format: (v: number) => string;
}

const axis = { fill: 'var(--muted)', fontSize: 11 };

/** A small step-vs-value line chart; no animation, and no redraw unless its rows change. */
export const CurveChart = memo(function CurveChart({ testId, title, rows, rawCount, series, format }: Props) {
  const last = rows[rows.length - 1];
  const headline = series[series.length - 1].key;
  return (
    <figure className="chart" data-testid={testId} data-points={rawCount}>
      <figcaption>
        <span>{title}</span>
        <strong className="mono">{last?.[headline] !== undefined ? format(last[headline]!) : '—'}</strong>
      </figcaption>
      {rows.length === 0 ? (
        <div className="chart__empty muted small">waiting for the first steps…</div>
      ) : (
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={rows} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={axis} stroke="var(--border)" allowDecimals={false} />
            <YAxis width={52} tick={axis} stroke="var(--border)" tickFormatter={format} domain={['auto', 'auto']} />
            <Tooltip
              formatter={(v) => format(Number(v))}
              labelFormatter={(s) => `step ${s}`}
              contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
            />
            {series.map((s) => (
              <Line key={s.key} dataKey={s.key} name={s.name} stroke={s.color} strokeOpacity={s.faint ? 0.35 : 1} strokeWidth={s.faint ? 1 : 2} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});
