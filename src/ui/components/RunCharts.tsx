import { getMethod } from '../../core/methods/registry';
import type { RunStatus } from '../../core/train/types';
import { useDownsampled } from '../hooks/useDownsampled';
import { CurveChart } from './CurveChart';
import type { CurveKey } from './downsample';
import { formatMetric, metricLabel } from './format';

const LOSS_SMOOTHING = 0.9;
const formatLoss = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
const formatLr = (v: number) => v.toExponential(1);

/** Loss (raw and smoothed), the method's headline metric, and the learning-rate schedule of one run. */
export function RunCharts({ run }: { run: RunStatus }) {
  const metric = getMethod(run.method).metricNames[0];
  return (
    <div className="charts">
      <LossChart runId={run.id} />
      {metric && <MetricChart runId={run.id} metric={metric} />}
      <LrChart runId={run.id} />
    </div>
  );
}

function LossChart({ runId }: { runId: string }) {
  const { rows, rawCount } = useDownsampled(runId, 'loss', LOSS_SMOOTHING);
  return (
    <CurveChart
      testId={`loss-chart-${runId}`}
      title="Loss"
      rows={rows}
      rawCount={rawCount}
      format={formatLoss}
      series={[
        { key: 'value', name: 'loss', color: 'var(--muted)', faint: true },
        { key: 'smooth', name: 'smoothed', color: 'var(--accent)' },
      ]}
    />
  );
}

function MetricChart({ runId, metric }: { runId: string; metric: string }) {
  const key: CurveKey = `metric:${metric}`;
  const { rows, rawCount } = useDownsampled(runId, key, LOSS_SMOOTHING);
  const format = (v: number) => formatMetric(metric, v);
  return (
    <CurveChart
      testId={`metric-chart-${runId}`}
      title={`Training ${metricLabel(metric)}`}
      rows={rows}
      rawCount={rawCount}
      format={format}
      series={[
        { key: 'value', name: metricLabel(metric), color: 'var(--muted)', faint: true },
        { key: 'smooth', name: 'smoothed', color: 'var(--good)' },
      ]}
    />
  );
}

function LrChart({ runId }: { runId: string }) {
  const { rows, rawCount } = useDownsampled(runId, 'lr');
  return <CurveChart testId={`lr-chart-${runId}`} title="Learning rate" rows={rows} rawCount={rawCount} format={formatLr} series={[{ key: 'value', name: 'learning rate', color: 'var(--warn)' }]} />;
}
