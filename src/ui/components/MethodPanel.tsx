import { useState } from 'react';
import { errorMessage } from '../../core/errors';
import type { TrainConfig } from '../../core/config';
import { methodInfos, type MethodId, type MethodInfo } from '../../core/methods/catalog';
import { app } from '../state/app';
import { reportError, useStore } from '../state/store';
import type { Experiment } from '../state/urlParams';
import { availability } from './availability';
import { MethodCard } from './MethodCard';

/** Every registered method as a card; start one, or tick several and train them one after another. */
export function MethodPanel({ experiment }: { experiment: Experiment }) {
  const dataset = useStore((s) => s.dataset);
  const backendReady = useStore((s) => s.backend !== null);
  const autostartSkipped = useStore((s) => s.autostartSkipped);
  const [configs, setConfigs] = useState<Record<string, TrainConfig>>(() =>
    Object.fromEntries(methodInfos.map((m) => [m.id, app.experimentConfig(m.id)])),
  );
  const [selected, setSelected] = useState<ReadonlySet<MethodId>>(() => new Set(experiment.methods));
  const avail = (m: MethodInfo) => availability(m, dataset, backendReady);
  const startable = methodInfos.filter((m) => selected.has(m.id) && avail(m).blocked === null);

  const start = async (m: MethodInfo) => {
    try {
      await app.runs.start(m.id, configs[m.id]);
    } catch (e) {
      reportError(`Could not start ${m.label}: ${errorMessage(e)}`);
    }
  };
  // Sequential on purpose: the trainer queues runs and trains one at a time, in this order.
  const startSelected = async () => {
    for (const m of startable) await start(m);
  };
  const select = (id: MethodId, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section className="panel" aria-labelledby="methods-heading" data-testid="method-panel">
      <div className="panel__head">
        <h2 id="methods-heading">Methods</h2>
        <button type="button" className="primary" onClick={() => void startSelected()} disabled={startable.length === 0} data-testid="train-selected">
          Train selected ({startable.length})
        </button>
      </div>
      <p className="muted small">
        Tick methods and press “Train selected” to train them one after another on the same data, or start one on its own. Each card
        starts from the experiment link’s settings.
      </p>
      {autostartSkipped && (
        <p className="small notice" role="status" data-testid="autostart-note">
          This link’s methods were already started from this link in this browser, so opening it again did not start a second copy:
          its runs are under “Your runs” (resume them there), or press “Train selected” to train them again.
        </p>
      )}
      <div className="method-grid">
        {methodInfos.map((m) => (
          <MethodCard
            key={m.id}
            method={m}
            config={{ ...configs[m.id], resolution: dataset?.resolution ?? configs[m.id].resolution }}
            onConfig={(cfg) => setConfigs((c) => ({ ...c, [m.id]: cfg }))}
            selected={selected.has(m.id)}
            onSelect={(on) => select(m.id, on)}
            availability={avail(m)}
            onStart={() => void start(m)}
          />
        ))}
      </div>
    </section>
  );
}
