import { methodInfo } from '../../core/methods/catalog';
import type { RunStatus } from '../../core/train/types';
import { etaMs, formatDuration, formatMetric, metricLabel } from './format';

/** The numbers to read at a glance: progress with ETA, loss, headline metric, throughput, time. */
export function RunStats({ run }: { run: RunStatus }) {
  const metric = methodInfo(run.method).metricNames[0];
  const eta = run.state === 'running' ? etaMs(run) : null;
  const trained = run.steps > 0;
  return (
    <div className="run-stats">
      {trained && (
        <div className="run-progress">
          <progress max={run.steps} value={run.step} aria-label={`${run.id} progress`} data-testid={`progress-${run.id}`} />
          <span className="mono" data-testid={`steps-${run.id}`}>
            step {run.step.toLocaleString()} / {run.steps.toLocaleString()}
            {eta !== null && ` · about ${formatDuration(eta)} left`}
          </span>
        </div>
      )}
      <dl className="stat-tiles">
        <Tile label="loss" value={run.loss === null ? '—' : run.loss.toPrecision(4)} />
        {metric && <Tile label={metricLabel(metric)} value={formatMetric(metric, run.metrics[metric])} />}
        {trained && (
          <Tile label="images / s" value={run.imagesPerSec > 0 ? run.imagesPerSec.toFixed(0) : '—'} testId={`throughput-${run.id}`} />
        )}
        {trained && <Tile label="training time" value={formatDuration(run.elapsedMs)} />}
      </dl>
    </div>
  );
}

function Tile({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="stat-tile">
      <dt>{label}</dt>
      <dd className="mono" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
