import { memo, useCallback, useMemo } from 'react';
import { useDownsampled } from '../hooks/useDownsampled';
import { CurveChart, type Series } from './CurveChart';
import type { CurveKey } from './downsample';
import { formatMetric, metricLabel } from './format';

/** The live charts' EMA weight (the text runs' charts smooth by it too). */
export const SMOOTHING = 0.9;
export const formatLoss = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
const formatLr = (v: number) => v.toExponential(1);
const LOSS_SERIES: Series[] = [
  { key: 'value', name: 'loss', color: 'var(--muted)', faint: true },
  { key: 'smooth', name: 'smoothed', color: 'var(--accent)' },
];
const LR_SERIES: Series[] = [{ key: 'value', name: 'learning rate', color: 'var(--warn)' }];

/** Loss (raw and smoothed), the method's headline metric (if it has one), and the learning-rate schedule of one run. */
export const RunCharts = memo(function RunCharts({ runId, metric }: { runId: string; metric: string | undefined }) {
  return (
    <div className="charts">
      <LossChart runId={runId} />
      {metric && <MetricChart runId={runId} metric={metric} />}
      <LrChart runId={runId} />
    </div>
  );
});

function LossChart({ runId }: { runId: string }) {
  const { rows, rawCount } = useDownsampled(runId, 'loss', SMOOTHING);
  return (
    <CurveChart testId={`loss-chart-${runId}`} title="Loss" rows={rows} rawCount={rawCount} format={formatLoss} series={LOSS_SERIES} />
  );
}

function MetricChart({ runId, metric }: { runId: string; metric: string }) {
  const key: CurveKey = `metric:${metric}`;
  const { rows, rawCount } = useDownsampled(runId, key, SMOOTHING);
  const format = useCallback((v: number) => formatMetric(metric, v), [metric]);
  const label = metricLabel(metric);
  const series = useMemo<Series[]>(
    () => [
      { key: 'value', name: label, color: 'var(--muted)', faint: true },
      { key: 'smooth', name: 'smoothed', color: 'var(--good)' },
    ],
    [label],
  );
  return (
    <CurveChart
      testId={`metric-chart-${runId}`}
      title={`Training ${label}`}
      rows={rows}
      rawCount={rawCount}
      format={format}
      series={series}
    />
  );
}

function LrChart({ runId }: { runId: string }) {
  const { rows, rawCount } = useDownsampled(runId, 'lr');
  return (
    <CurveChart testId={`lr-chart-${runId}`} title="Learning rate" rows={rows} rawCount={rawCount} format={formatLr} series={LR_SERIES} />
  );
}
