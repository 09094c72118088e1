import { isMethodId } from '../../core/methods/catalog';
import type { RunStatus } from '../../core/train/types';
import { machineOf, planRun, useSpeeds } from '../state/estimates';
import { useStore } from '../state/store';
import { formatDuration } from './format';
import { queueSummary, runOrder } from './runOrder';
import { RunView } from './RunView';

/** The live view of every run, the one training first, then the queue, then the rest; with the backend and device memory they share. */
export function TrainingView() {
  const runs = useStore((s) => s.runs);
  const backend = useStore((s) => s.backend);
  const memory = useStore((s) => s.memory);
  const queue = useQueueSummary(runs);
  return (
    <section className="panel panel--wide" aria-labelledby="training-heading" data-testid="training-view">
      <div className="panel__head">
        <h2 id="training-heading">Training</h2>
        {queue && (
          <span className="small" role="status" data-testid="queue-summary">
            {queue}
          </span>
        )}
        <span className="muted small" data-testid="training-device">
          {backend ? `on ${backend.name.toUpperCase()} (${backend.adapter})` : 'starting the backend…'}
          {memory && ` · device memory ${(memory.numBytes / 2 ** 20).toFixed(1)} MiB in ${memory.numTensors.toLocaleString()} tensors`}
        </span>
      </div>
      {runs.length === 0 ? (
        <p className="muted">No runs yet: start a method above. Runs train one at a time, in the order they were started.</p>
      ) : (
        <div className="run-list">
          {runOrder(runs).map((r) => (
            <RunView key={r.id} run={r} />
          ))}
        </div>
      )}
    </section>
  );
}

/** The queued runs' count and their estimated time on this dataset and backend (random init takes no training time). */
function useQueueSummary(runs: RunStatus[]): string | null {
  const dataset = useStore((s) => s.dataset);
  const machine = machineOf(useStore((s) => s.backend));
  const speeds = useSpeeds();
  const waiting = runs.filter((r) => r.state === 'queued');
  const seconds = waiting.reduce((sum, r) => {
    if (!isMethodId(r.method) || r.method === 'random') return sum;
    return sum + (planRun(r.method, r.config, { kind: 'steps', steps: r.steps, from: 'edited' }, dataset, machine, speeds)?.seconds ?? NaN);
  }, 0);
  return queueSummary(waiting.length, seconds, formatDuration);
}
