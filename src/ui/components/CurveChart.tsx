import { memo, useMemo } from 'react';
import { LineChart, type LineSeries, type RefLine } from './chart/LineChart';
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
  refs?: readonly RefLine[]; // reference values, drawn dashed and named in a legend
}

/** A small step-vs-value line chart; no redraw unless its rows change. */
export const CurveChart = memo(function CurveChart({ testId, title, rows, rawCount, series, format, refs }: Props) {
  const last = rows[rows.length - 1];
  const headline = series[series.length - 1].key;
  const lines = useMemo<LineSeries[]>(
    () =>
      series.map((s) => ({
        id: s.key,
        name: s.name,
        color: s.color,
        faint: s.faint,
        points: rows.map((r) => ({ x: r.step, y: r[s.key] ?? NaN })),
      })),
    [series, rows],
  );
  return (
    <figure className="chart" data-testid={testId} data-points={rawCount}>
      <figcaption>
        <span>{title}</span>
        <strong className="mono">{last?.[headline] !== undefined ? format(last[headline]!) : '—'}</strong>
      </figcaption>
      {rows.length === 0 ? (
        <div className="chart__empty muted small">waiting for the first steps…</div>
      ) : (
        <LineChart label={`${title} by step`} series={lines} refs={refs} legend={refs !== undefined} height={160} formatY={format} />
      )}
    </figure>
  );
});
