import { CartesianGrid, ErrorBar, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PlotPoint, PlotProps } from './Plot';
import { chartTheme as t } from './theme';
import { pct, type PlotAxes } from './ticks';

/** Recharts' error bars take the distances below and above the point. */
const withError = (points: readonly PlotPoint[]) =>
  points.map((p) => ({ ...p, error: p.low !== undefined && p.high !== undefined ? [p.y - p.low, p.high - p.y] : undefined }));

/** Recharts' drawing of a Plot (the default export, for React.lazy). */
export default function RechartsPlot({
  label,
  series,
  height,
  axes,
  formatX,
  formatTipX,
  formatY,
}: PlotProps & { axes: PlotAxes; formatY: (y: number) => string }) {
  const { margin } = t;
  return (
    <div role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart margin={{ top: margin.top, right: margin.right, bottom: 0, left: 0 }}>
          <CartesianGrid stroke={t.grid.stroke} strokeDasharray={t.grid.strokeDasharray} />
          <XAxis
            dataKey="x"
            type="number"
            scale={axes.x.log ? 'log' : 'linear'}
            domain={axes.x.domain}
            ticks={axes.x.ticks}
            tickFormatter={formatX}
            tick={t.tick}
            stroke={t.axisLine}
            allowDuplicatedCategory={false}
          />
          <YAxis
            width={t.yAxisWidth.percent}
            tick={t.tick}
            stroke={t.axisLine}
            domain={axes.y.domain}
            ticks={axes.y.ticks}
            tickFormatter={(v: number) => pct(v, 0)}
          />
          <Tooltip formatter={(v) => formatY(Number(v))} labelFormatter={(x) => formatTipX(Number(x))} contentStyle={t.tooltip} />
          {series.map((s) => (
            <Line
              key={s.id}
              data={withError(s.points)}
              dataKey="y"
              name={s.name}
              stroke={s.color}
              strokeWidth={t.line.width}
              strokeDasharray={s.dashed ? t.line.dash : undefined}
              dot={{ r: t.line.dot }}
              isAnimationActive={false}
            >
              {s.points.some((p) => p.low !== undefined) && (
                <ErrorBar dataKey="error" direction="y" width={4} stroke={s.color} isAnimationActive={false} />
              )}
            </Line>
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
