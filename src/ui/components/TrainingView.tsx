import { useStore } from '../state/store';
import { RunView } from './RunView';

/** The live view of every run, newest first, with the backend and device memory they share. */
export function TrainingView() {
  const runs = useStore((s) => s.runs);
  const backend = useStore((s) => s.backend);
  const memory = useStore((s) => s.memory);
  return (
    <section className="panel panel--wide" aria-labelledby="training-heading" data-testid="training-view">
      <div className="panel__head">
        <h2 id="training-heading">Training</h2>
        <span className="muted small" data-testid="training-device">
          {backend ? `on ${backend.name.toUpperCase()} (${backend.adapter})` : 'starting the backend…'}
          {memory && ` · device memory ${(memory.numBytes / 2 ** 20).toFixed(1)} MiB in ${memory.numTensors.toLocaleString()} tensors`}
        </span>
      </div>
      {runs.length === 0 ? (
        <p className="muted">No runs yet: start a method above. Runs train one at a time, in the order they were started.</p>
      ) : (
        <div className="run-list">
          {[...runs].reverse().map((r) => (
            <RunView key={r.id} run={r} />
          ))}
        </div>
      )}
    </section>
  );
}
