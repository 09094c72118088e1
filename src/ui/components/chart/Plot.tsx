import { lazy, Suspense } from 'react';
import { pct, plotAxes } from './ticks';

const RechartsPlot = lazy(() => import('./RechartsPlot'));

export interface PlotSeries {
  id: string;
  name: string;
  color: string;
  dashed?: boolean;
  points: readonly PlotPoint[]; // sorted by x
}

/** A point; `low`–`high`, where given, is drawn as an error bar (a 95 % interval). */
export interface PlotPoint {
  x: number;
  y: number;
  low?: number;
  high?: number;
}

export interface PlotProps {
  label: string; // what the chart shows, for screen readers
  series: readonly PlotSeries[];
  height: number;
  xLog?: { ticks: number[]; max: number }; // a log x axis from 1 to max with these ticks (else linear, step ticks)
  formatX: (x: number) => string; // x tick labels
  formatTipX: (x: number) => string; // the tooltip's heading
  formatY?: (y: number) => string; // tooltip values (axis ticks: whole percentages)
}

/**
 * A comparison chart of accuracies (y from 0, as percentages) drawn by Recharts in the shared chart look.
 * Recharts loads on demand, in its own chunk: the page's first paint does not wait for it.
 */
export function Plot(props: PlotProps) {
  return (
    <Suspense
      fallback={
        <div className="chart__empty muted small" style={{ height: props.height }}>
          drawing…
        </div>
      }
    >
      <RechartsPlot {...props} axes={plotAxes(props.series, props.xLog)} formatY={props.formatY ?? pct} />
    </Suspense>
  );
}
