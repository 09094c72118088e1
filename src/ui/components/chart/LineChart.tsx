import { memo, useState, type PointerEvent } from 'react';
import { ChartLegend } from './ChartLegend';
import { chartTheme as t } from './theme';
import { extent, formatStep, linePath, nearestIndex, niceTicks, stepTicks } from './ticks';
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

/** A horizontal dashed line at `y` across the plot: a reference value the series are read against. */
export interface RefLine {
  id: string;
  name: string;
  color: string;
  y: number;
}

interface Props {
  label: string; // what the chart shows, for screen readers
  series: LineSeries[];
  refs?: readonly RefLine[]; // kept inside the y range, and listed in the legend (dashed)
  height: number;
  formatY: (v: number) => string;
  formatTip?: (v: number) => string; // the hover readout (formatY when absent)
  yFrom0?: boolean; // the y axis starts at 0 (else it fits the data)
  yAxisWidth?: number;
  legend?: boolean;
}

const { top: TOP, right: RIGHT, bottom: BOTTOM } = t.margin;
const NO_REFS: readonly RefLine[] = [];

type TipRow = { s: LineSeries; p: LinePoint };

/** Each series' point nearest to `x` (series without a finite one there are left out): what the hover readout lists. */
function pointsNearest(series: LineSeries[], x: number): TipRow[] {
  return series.flatMap((s) => {
    const i = nearestIndex(s.points, x);
    return i < 0 || !Number.isFinite(s.points[i].y) ? [] : [{ s, p: s.points[i] }];
  });
}

/** Data space to pixels: the x (step) and y ranges, their ticks, and the plot area right of the y axis. */
interface Scale {
  x0: number;
  x1: number;
  sx: (x: number) => number;
  sy: (y: number) => number;
  xTicks: number[];
  yTicks: number[];
  left: number; // the y axis' width: where the plot starts
  plotW: number;
  plotH: number;
}

/** The scale that fits every point of `series` and every reference line (null while there is no point). */
function chartScale(
  series: LineSeries[],
  refs: readonly RefLine[],
  width: number,
  height: number,
  left: number,
  yFrom0: boolean,
): Scale | null {
  const xs = extent(
    series.flatMap((s) => s.points.map((p) => p.x)),
    0,
  );
  const ys = extent([...series.flatMap((s) => s.points.map((p) => p.y)), ...refs.map((r) => r.y)]);
  if (!xs || !ys) return null;
  const plotW = Math.max(1, width - left - RIGHT);
  const plotH = Math.max(1, height - TOP - BOTTOM);
  const [x0, x1] = [xs[0], xs[1] > xs[0] ? xs[1] : xs[0] + 1];
  const yTicks = niceTicks(yFrom0 ? Math.min(0, ys[0]) : ys[0], ys[1]);
  const [y0, y1] = [yFrom0 ? Math.min(0, ys[0]) : Math.min(ys[0], yTicks[0]), Math.max(ys[1], yTicks.at(-1)!)];
  const sx = (x: number) => left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => TOP + (1 - (y - y0) / (y1 - y0 || 1)) * plotH;
  return { x0, x1, sx, sy, xTicks: stepTicks(x0, x1, plotW), yTicks, left, plotW, plotH };
}

/** The grid lines and the tick labels of both axes. */
function Axes({ scale, height, formatY }: { scale: Scale; height: number; formatY: (v: number) => string }) {
  const { yTicks, xTicks, sx, sy, left, plotW, plotH } = scale;
  return (
    <>
      <g stroke={t.grid.stroke} strokeDasharray={t.grid.strokeDasharray}>
        {yTicks.map((v) => (
          <line key={`y${v}`} x1={left} x2={left + plotW} y1={sy(v)} y2={sy(v)} />
        ))}
        {xTicks.map((v) => (
          <line key={`x${v}`} x1={sx(v)} x2={sx(v)} y1={TOP} y2={TOP + plotH} />
        ))}
      </g>
      <g fill={t.tick.fill} fontSize={t.tick.fontSize}>
        {yTicks.map((v) => (
          <text key={v} x={left - 4} y={sy(v)} dy="0.32em" textAnchor="end">
            {formatY(v)}
          </text>
        ))}
        {xTicks.map((v) => (
          <text key={v} x={sx(v)} y={height - 4} textAnchor="middle">
            {formatStep(v)}
          </text>
        ))}
      </g>
    </>
  );
}

/** The reference lines: dashed, across the plot. */
function RefLines({ refs, scale }: { refs: readonly RefLine[]; scale: Scale }) {
  const { left, plotW, sy } = scale;
  return refs.map((r) => (
    <line
      key={r.id}
      data-ref={r.id}
      x1={left}
      x2={left + plotW}
      y1={sy(r.y)}
      y2={sy(r.y)}
      stroke={r.color}
      strokeWidth={t.line.faintWidth}
      strokeDasharray={t.line.dash}
    />
  ));
}

/** The hover readout: the step, then each series' value there in its colour. */
function HoverTip({ tip, left, formatTip }: { tip: TipRow[]; left: number; formatTip: (v: number) => string }) {
  return (
    <div className="chart-tip small" style={{ ...t.tooltip, left }}>
      <div>step {tip[0].p.x.toLocaleString()}</div>
      {tip.map(({ s, p }) => (
        <div key={s.id} style={{ color: s.color }}>
          {s.name}: {formatTip(p.y)}
        </div>
      ))}
    </div>
  );
}

/**
 * A plain SVG line chart (steps on x) for the live training curves: a few nice ticks, one path per series, a
 * hover readout. No text measuring and no layout reads, so a redraw costs about a millisecond however often the
 * data changes (Recharts' first render took 437 + 754 ms and each update 138–314 ms on the main thread).
 */
export const LineChart = memo(function LineChart({
  label,
  series,
  refs = NO_REFS,
  height,
  formatY,
  formatTip = formatY,
  yFrom0 = false,
  yAxisWidth = t.yAxisWidth.number,
  legend = false,
}: Props) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const [hover, setHover] = useState<number | null>(null); // x in data space
  const scale = width > 0 ? chartScale(series, refs, width, height, yAxisWidth, yFrom0) : null;
  let body = null;
  if (scale) {
    const { x0, x1, sx, sy, plotW, plotH } = scale;
    const onMove = (e: PointerEvent<SVGSVGElement>) => {
      const left = e.currentTarget.getBoundingClientRect().left;
      setHover(x0 + ((e.clientX - left - yAxisWidth) / plotW) * (x1 - x0));
    };
    const tip = hover === null ? [] : pointsNearest(series, hover);
    body = (
      <>
        <svg
          className="chart-surface"
          width={width}
          height={height}
          role="img"
          aria-label={label}
          onPointerMove={onMove}
          onPointerLeave={() => setHover(null)}
        >
          <Axes scale={scale} height={height} formatY={formatY} />
          <RefLines refs={refs} scale={scale} />
          {series.map((s) => (
            <path
              key={s.id}
              className="chart-line"
              d={linePath(s.points, sx, sy)}
              stroke={s.color}
              strokeOpacity={s.faint ? t.line.faintOpacity : 1}
              strokeWidth={s.faint ? t.line.faintWidth : t.line.width}
            />
          ))}
          {tip.length > 0 && <line className="chart-cursor" x1={sx(tip[0].p.x)} x2={sx(tip[0].p.x)} y1={TOP} y2={TOP + plotH} />}
        </svg>
        {tip.length > 0 && <HoverTip tip={tip} left={Math.min(sx(tip[0].p.x) + 8, Math.max(0, width - 150))} formatTip={formatTip} />}
      </>
    );
  }
  return (
    <div className="line-chart">
      <div className="line-chart__plot" ref={ref} style={{ height }}>
        {body}
      </div>
      {legend && <ChartLegend items={[...series, ...refs.map((r) => ({ ...r, dashed: true }))]} label={`${label}: series`} />}
    </div>
  );
});
