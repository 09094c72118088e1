import { memo } from 'react';
import { methodInfo } from '../../core/methods/catalog';
import { useMounted } from '../hooks/useMounted';
import type { RunStatus } from '../../core/train/types';
import { suggestionFor } from './format';
import { RunCharts } from './RunCharts';
import { RunControls } from './RunControls';
import { RunStats } from './RunStats';
import { VisualizationPanel } from './viz/VisualizationPanel';

const STATE_LABEL: Record<RunStatus['state'], string> = {
  queued: 'queued',
  running: 'training',
  paused: 'paused',
  done: 'done',
  stopped: 'stopped',
  error: 'failed',
};

/** Everything about one run: its state and controls, the numbers, the curves, and what the network sees. */
export const RunView = memo(function RunView({ run }: { run: RunStatus }) {
  const method = methodInfo(run.method);
  const c = run.config;
  const mounted = useMounted(); // the charts and pictures join in a background render
  const live = mounted && run.state !== 'queued'; // a queued run stays one compact line until it trains
  return (
    <article
      className={`run-view run-view--${run.state}`}
      data-testid={`run-${run.id}`}
      data-state={run.state}
      aria-labelledby={`run-${run.id}-title`}
    >
      <header className="run-view__head">
        <h3 id={`run-${run.id}-title`}>
          {method.label} <span className="muted mono">{run.id}</span>
        </h3>
        <span className={`state-pill state-pill--${run.state}`} data-testid={`state-${run.id}`}>
          {STATE_LABEL[run.state]}
        </span>
        <span className="muted small">
          {c.resolution} px · width {c.width} · depth {c.depth}
          {method.trainable && ` · batch ${c.batchSize} · lr ${c.learningRate}`} · seed {c.seed}
        </span>
        <RunControls run={run} />
      </header>
      {run.error && (
        <div className="run-view__error" role="alert" data-testid={`error-${run.id}`}>
          <p>{run.error}</p>
          <p className="small">Suggestion: {suggestionFor(run.error)}</p>
        </div>
      )}
      {run.state !== 'queued' && <RunStats run={run} />}
      {live && method.trainable && <RunCharts runId={run.id} metric={method.metricNames[0]} />}
      {live && run.state !== 'error' && <VisualizationPanel runId={run.id} />}
    </article>
  );
});
