import { memo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SweepPoint } from '../../../core/eval/evaluate';
import { sweepXY } from './compareData';
import { axisTick, pct, tooltipStyle } from './chartStyle';

export interface EfficiencySeries {
  id: string; // run id, or 'baseline'
  name: string;
  color: string;
  dashed: boolean;
  points: SweepPoint[];
}

interface Props {
  series: EfficiencySeries[];
  budgets: number[]; // labels per class, before "all"
  allX: number; // where "all" sits on the log axis
  allPerClass: number; // the mean labelled train images per class, for the caption
}

const budgetLabel = (b: number | 'all') => (b === 'all' ? 'all' : String(b));

/**
 * Linear-probe accuracy against labels per class (log axis): one line per run and the supervised-from-scratch
 * baseline dashed. Every point is also in a (visually hidden) table, one row per series.
 */
export const LabelEfficiencyChart = memo(function LabelEfficiencyChart({ series, budgets, allX, allPerClass }: Props) {
  const ticks = [...budgets, allX];
  const columns: (number | 'all')[] = [...budgets, 'all'];
  return (
    <figure className="chart compare-chart" data-testid="label-efficiency-chart" data-series={series.length}>
      <figcaption>
        <span>Probe accuracy vs labels per class (“all” ≈ {allPerClass} per class)</span>
      </figcaption>
      {series.length === 0 ? (
        <div className="chart__empty muted small">appears when a run finishes (its evaluation sweeps the label budgets)</div>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <LineChart margin={{ top: 4, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis
              dataKey="x"
              type="number"
              scale="log"
              domain={[1, allX]}
              ticks={ticks}
              tickFormatter={(v: number) => (v === allX ? 'all' : String(v))}
              tick={axisTick}
              stroke="var(--border)"
              allowDuplicatedCategory={false}
            />
            <YAxis width={44} tick={axisTick} stroke="var(--border)" domain={[0, 'auto']} tickFormatter={(v: number) => pct(v, 0)} />
            <Tooltip formatter={(v) => pct(Number(v))} labelFormatter={(x) => (x === allX ? 'all labels' : `${x} labels / class`)} contentStyle={tooltipStyle} />
            {series.map((s) => (
              <Line
                key={s.id}
                data={sweepXY(s.points, allX)}
                dataKey="y"
                name={s.name}
                stroke={s.color}
                strokeWidth={2}
                strokeDasharray={s.dashed ? '6 4' : undefined}
                dot={{ r: 3 }}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
      <ul className="compare-legend" aria-label="Label-efficiency series">
        {series.map((s) => (
          <li key={s.id} data-testid={`efficiency-series-${s.id}`} data-points={s.points.length} data-budgets={s.points.map((p) => budgetLabel(p.perClass)).join(',')}>
            <span className={`swatch${s.dashed ? ' swatch--dashed' : ''}`} style={{ borderColor: s.color, background: s.dashed ? 'transparent' : s.color }} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
      <table className="visually-hidden" data-testid="label-efficiency-table">
        <caption>Linear-probe test accuracy by labels per class</caption>
        <thead>
          <tr>
            <th scope="col">Series</th>
            {columns.map((b) => (
              <th key={b} scope="col">{budgetLabel(b)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.name}</th>
              {columns.map((b) => {
                const p = s.points.find((q) => q.perClass === b);
                return (
                  <td key={b} data-testid={p ? `efficiency-${s.id}-${b}` : undefined}>{pct(p?.accuracy ?? null)}</td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
});
