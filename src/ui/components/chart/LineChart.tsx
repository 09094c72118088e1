import { memo, useState, type PointerEvent } from 'react';
import { extent, linePath, nearestIndex, niceTicks } from './ticks';
import { useWidth } from './useWidth';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  id: string;
  name: string;
  color: string; // any CSS colour, theme variables included
  points: readonly LinePoint[]; // sorted by x
  faint?: boolean;
}

interface Props {
  label: string; // what the chart shows, for screen readers
  series: LineSeries[];
  height: number;
  formatY: (v: number) => string;
  formatTip?: (v: number) => string; // the hover readout (formatY when absent)
  yFrom0?: boolean; // the y axis starts at 0 (else it fits the data)
  yAxisWidth?: number;
  legend?: boolean;
}

const TOP = 6;
const RIGHT = 10;
const BOTTOM = 18;

/** Steps on the x axis: 12k rather than 12000. */
const formatStep = (v: number) => (Math.abs(v) >= 10_000 ? `${+(v / 1000).toFixed(1)}k` : String(Math.round(v)));

/**
 * A plain SVG line chart (steps on x): a few nice ticks, one path per series, a hover readout. No text
 * measuring and no layout reads, so a redraw costs about a millisecond however often the data changes.
 */
export const LineChart = memo(function LineChart({ label, series, height, formatY, formatTip = formatY, yFrom0 = false, yAxisWidth = 52, legend = false }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const [hover, setHover] = useState<number | null>(null); // x in data space
  const xs = extent(series.flatMap((s) => s.points.map((p) => p.x)), 0);
  const ys = extent(series.flatMap((s) => s.points.map((p) => p.y)));
  const plotW = Math.max(1, width - yAxisWidth - RIGHT);
  const plotH = Math.max(1, height - TOP - BOTTOM);
  let body = null;
  if (width > 0 && xs && ys) {
    const [x0, x1] = [xs[0], xs[1] > xs[0] ? xs[1] : xs[0] + 1];
    const yTicks = niceTicks(yFrom0 ? Math.min(0, ys[0]) : ys[0], ys[1]);
    const [y0, y1] = [yFrom0 ? Math.min(0, ys[0]) : Math.min(ys[0], yTicks[0]), Math.max(ys[1], yTicks.at(-1)!)];
    const sx = (x: number) => yAxisWidth + ((x - x0) / (x1 - x0)) * plotW;
    const sy = (y: number) => TOP + (1 - (y - y0) / (y1 - y0 || 1)) * plotH;
    const xTicks = niceTicks(x0, x1, Math.max(2, Math.floor(plotW / 70))).filter((t) => Number.isInteger(t));
    const onMove = (e: PointerEvent<SVGSVGElement>) => {
      const left = e.currentTarget.getBoundingClientRect().left;
      setHover(x0 + ((e.clientX - left - yAxisWidth) / plotW) * (x1 - x0));
    };
    const tip = hover === null ? [] : series.flatMap((s) => {
      const i = nearestIndex(s.points, hover);
      return i < 0 || !Number.isFinite(s.points[i].y) ? [] : [{ s, p: s.points[i] }];
    });
    body = (
      <>
        <svg className="chart-surface" width={width} height={height} role="img" aria-label={label} onPointerMove={onMove} onPointerLeave={() => setHover(null)}>
          <g className="chart-grid">
            {yTicks.map((t) => <line key={`y${t}`} x1={yAxisWidth} x2={yAxisWidth + plotW} y1={sy(t)} y2={sy(t)} />)}
            {xTicks.map((t) => <line key={`x${t}`} x1={sx(t)} x2={sx(t)} y1={TOP} y2={TOP + plotH} />)}
          </g>
          <g className="chart-axis">
            {yTicks.map((t) => <text key={t} x={yAxisWidth - 4} y={sy(t)} dy="0.32em" textAnchor="end">{formatY(t)}</text>)}
            {xTicks.map((t) => <text key={t} x={sx(t)} y={height - 4} textAnchor="middle">{formatStep(t)}</text>)}
          </g>
          {series.map((s) => (
            <path key={s.id} className="chart-line" d={linePath(s.points, sx, sy)} style={{ stroke: s.color, strokeOpacity: s.faint ? 0.35 : 1, strokeWidth: s.faint ? 1 : 2 }} />
          ))}
          {tip.length > 0 && <line className="chart-cursor" x1={sx(tip[0].p.x)} x2={sx(tip[0].p.x)} y1={TOP} y2={TOP + plotH} />}
        </svg>
        {tip.length > 0 && (
          <div className="chart-tip small" style={{ left: Math.min(sx(tip[0].p.x) + 8, Math.max(0, width - 150)) }}>
            <div>step {tip[0].p.x.toLocaleString()}</div>
            {tip.map(({ s, p }) => <div key={s.id} style={{ color: s.color }}>{s.name}: {formatTip(p.y)}</div>)}
          </div>
        )}
      </>
    );
  }
  return (
    <div className="line-chart">
      <div className="line-chart__plot" ref={ref} style={{ height }}>
        {body}
      </div>
      {legend && (
        <ul className="chart-legend small">
          {series.map((s) => <li key={s.id}><span className="chart-legend__swatch" style={{ background: s.color }} />{s.name}</li>)}
        </ul>
      )}
    </div>
  );
});
