import { methods } from '../../core/methods/registry';
import type { MethodId } from '../../core/methods/types';
import { lab } from '../state/labController';
import { useLab } from '../state/labStore';
import type { Experiment } from '../state/urlParams';
import { RunRow } from './RunRow';

export function RunsPanel({ experiment }: { experiment: Experiment }) {
  const runs = useLab((s) => s.runs);
  const ready = useLab((s) => s.dataset !== null && s.dataset.images > 0 && s.backend !== null);
  const start = (id: MethodId) => void lab.start(id, lab.experimentConfig());
  return (
    <section className="panel" aria-labelledby="runs-heading" data-testid="runs-panel">
      <h2 id="runs-heading">Train</h2>
      <div className="method-buttons">
        {methods.map((m) => (
          <button key={m.id} type="button" onClick={() => start(m.id)} disabled={!ready} data-testid={`start-${m.id}`} title={m.summary}
            className={experiment.methods.includes(m.id) ? 'primary' : undefined}>
            Train {m.label}
          </button>
        ))}
      </div>
      <ul className="runs" aria-label="Runs">
        {runs.map((r) => (
          <RunRow key={r.id} run={r} />
        ))}
      </ul>
    </section>
  );
}
