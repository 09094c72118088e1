import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PlotProps } from './Plot';
import { chartTheme as t } from './theme';
import { pct, type PlotAxes } from './ticks';

/** Recharts' drawing of a Plot (the default export, for React.lazy). */
export default function RechartsPlot({ label, series, height, axes, formatX, formatTipX, formatY }: PlotProps & { axes: PlotAxes; formatY: (y: number) => string }) {
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
          <YAxis width={t.yAxisWidth.percent} tick={t.tick} stroke={t.axisLine} domain={axes.y.domain} ticks={axes.y.ticks} tickFormatter={(v: number) => pct(v, 0)} />
          <Tooltip formatter={(v) => formatY(Number(v))} labelFormatter={(x) => formatTipX(Number(x))} contentStyle={t.tooltip} />
          {series.map((s) => (
            <Line
              key={s.id}
              data={s.points as { x: number; y: number }[]}
              dataKey="y"
              name={s.name}
              stroke={s.color}
              strokeWidth={t.line.width}
              strokeDasharray={s.dashed ? t.line.dash : undefined}
              dot={{ r: t.line.dot }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
