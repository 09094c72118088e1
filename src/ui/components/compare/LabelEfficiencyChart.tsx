import { memo, useMemo } from 'react';
import type { SweepPoint } from '../../../core/eval/evaluate';
import { ChartLegend } from '../chart/ChartLegend';
import { Plot } from '../chart/Plot';
import { pct } from '../chart/ticks';
import { sweepEstimate, sweepXY } from './compareData';

/** The supervised-from-scratch baseline's line colour. */
export const BASELINE_COLOR = 'var(--text)';

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

/** A point's accuracy and, where the images behind it are known, its 95 % interval: "35.0% (30.5–39.8)". */
function pointText(p: SweepPoint | undefined): string {
  if (!p) return pct(null);
  const e = sweepEstimate(p);
  return e.n > 0 ? `${pct(p.accuracy)} (${(100 * e.low).toFixed(1)}–${(100 * e.high).toFixed(1)})` : pct(p.accuracy);
}

/** Every point as text, one row per series and a column per label budget (visually hidden: for screen readers and tests). */
function EfficiencyTable({ series, columns }: { series: EfficiencySeries[]; columns: (number | 'all')[] }) {
  return (
    <table className="visually-hidden" data-testid="label-efficiency-table">
      <caption>Linear-probe test accuracy by labels per class, with its 95 % interval</caption>
      <thead>
        <tr>
          <th scope="col">Series</th>
          {columns.map((b) => (
            <th key={b} scope="col">
              {budgetLabel(b)}
            </th>
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
                <td key={b} data-testid={p ? `efficiency-${s.id}-${b}` : undefined}>
                  {pointText(p)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Linear-probe accuracy against labels per class (log axis): one line per run and the supervised-from-scratch
 * baseline dashed, each point with its 95 % interval as an error bar. Every point is also in a (visually hidden)
 * table, one row per series.
 */
export const LabelEfficiencyChart = memo(function LabelEfficiencyChart({ series, budgets, allX, allPerClass }: Props) {
  const lines = useMemo(() => series.map((s) => ({ ...s, points: sweepXY(s.points, allX) })), [series, allX]);
  const xLog = useMemo(() => ({ ticks: [...budgets, allX], max: allX }), [budgets, allX]);
  return (
    <figure className="chart compare-chart" data-testid="label-efficiency-chart" data-series={series.length}>
      <figcaption>
        <span>Probe accuracy vs labels per class (“all” ≈ {allPerClass} per class); bars: 95 % intervals for the test images</span>
      </figcaption>
      {series.length === 0 ? (
        <div className="chart__empty muted small">appears when a run finishes (its evaluation sweeps the label budgets)</div>
      ) : (
        <Plot
          label="Linear-probe accuracy by labels per class"
          series={lines}
          height={240}
          xLog={xLog}
          formatX={(x) => (x === allX ? 'all' : String(x))}
          formatTipX={(x) => (x === allX ? 'all labels' : `${x} labels / class`)}
        />
      )}
      <ChartLegend
        label="Label-efficiency series"
        items={series.map((s) => ({
          ...s,
          data: {
            'data-testid': `efficiency-series-${s.id}`,
            'data-points': s.points.length,
            'data-budgets': s.points.map((p) => budgetLabel(p.perClass)).join(','),
          },
        }))}
      />
      <EfficiencyTable series={series} columns={[...budgets, 'all']} />
    </figure>
  );
});
