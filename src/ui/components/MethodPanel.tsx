import { useEffect, useState } from 'react';
import type { Budget } from '../../core/budget';
import { errorMessage } from '../../core/errors';
import type { TrainConfig } from '../../core/config';
import { methodInfos, type MethodId, type MethodInfo } from '../../core/methods/catalog';
import { app } from '../state/app';
import { machineOf, planRun, useEstimates, useSpeeds, type Plan } from '../state/estimates';
import { reportError, useStore } from '../state/store';
import type { Experiment } from '../state/urlParams';
import { availability } from './availability';
import { budgetFromChoice, budgetOptions } from './BudgetField';
import { formatDuration } from './format';
import { MethodCard } from './MethodCard';

/** Every registered method as a card; start one, or tick several and train them one after another. */
export function MethodPanel({ experiment }: { experiment: Experiment }) {
  const dataset = useStore((s) => s.dataset);
  const backendReady = useStore((s) => s.backend !== null);
  const autostartSkipped = useStore((s) => s.autostartSkipped);
  const [configs, setConfigs] = useState<Record<string, TrainConfig>>(() =>
    Object.fromEntries(methodInfos.map((m) => [m.id, app.experimentConfig(m.id)])),
  );
  const [budgets, setBudgets] = useState<Record<string, Budget>>(() => Object.fromEntries(methodInfos.map((m) => [m.id, app.experimentBudget()])));
  const [selected, setSelected] = useState<ReadonlySet<MethodId>>(() => new Set(experiment.methods));
  const machine = machineOf(useStore((s) => s.backend));
  const speeds = useSpeeds();
  const avail = (m: MethodInfo) => availability(m, dataset, backendReady);
  const startable = methodInfos.filter((m) => selected.has(m.id) && avail(m).blocked === null);

  // each card's settings at the dataset's resolution, and its budget resolved to steps on this dataset and backend
  const cards = Object.fromEntries(
    methodInfos.map((m) => {
      const cfg = { ...configs[m.id], resolution: dataset?.resolution ?? configs[m.id].resolution };
      const budget = budgets[m.id];
      const plan = planRun(m.id, cfg, budget, dataset, machine, speeds);
      return [m.id, { plan, config: { ...cfg, steps: plan?.steps ?? (budget.kind === 'steps' ? budget.steps : cfg.steps) } }];
    }),
  ) as Record<MethodId, { plan: Plan | null; config: TrainConfig }>;
  const seconds: Partial<Record<MethodId, number>> = {};
  for (const m of methodInfos) if (cards[m.id].plan) seconds[m.id] = cards[m.id].plan!.seconds;
  const estimates = JSON.stringify(seconds);
  useEffect(() => useEstimates.setState(JSON.parse(estimates) as Record<string, number>, true), [estimates]);
  const selectedSeconds = startable.reduce((sum, m) => sum + (seconds[m.id] ?? NaN), 0); // NaN until every one has an estimate

  const start = async (m: MethodInfo) => {
    try {
      await app.runs.start(m.id, cards[m.id].config);
    } catch (e) {
      reportError(`Could not start ${m.label}: ${errorMessage(e)}`);
    }
  };
  // Sequential on purpose: the trainer queues runs and trains one at a time, in this order.
  const startSelected = async () => {
    for (const m of startable) await start(m);
  };
  const budgetAll = (value: string) => setBudgets((b) => Object.fromEntries(Object.entries(b).map(([id, old]) => [id, budgetFromChoice(value, old) ?? old])));
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
        <label className="small">
          Length of every run{' '}
          <select data-testid="budget-all" value="" onChange={(e) => budgetAll(e.target.value)}>
            <option value="" disabled>set all…</option>
            {budgetOptions().map((o) => (
              <option key={o.value} value={o.value}>{o.label}</option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" onClick={() => void startSelected()} disabled={startable.length === 0} data-testid="train-selected">
          Train selected ({startable.length})
        </button>
        {startable.length > 0 && Number.isFinite(selectedSeconds) && (
          <span className="small muted" data-testid="train-selected-estimate">≈ {formatDuration(selectedSeconds * 1000)} in all</span>
        )}
      </div>
      <p className="muted small">
        Tick methods and press “Train selected” to train them one after another on the same data, or start one on its own. Each card
        starts from the experiment link’s settings; its length is a time budget (or epochs), turned into steps by the run’s
        estimated speed on this data and backend.
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
            config={cards[m.id].config}
            onConfig={(cfg) => setConfigs((c) => ({ ...c, [m.id]: cfg }))}
            budget={budgets[m.id]}
            plan={cards[m.id].plan}
            onBudget={(b) => setBudgets((all) => ({ ...all, [m.id]: b }))}
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
