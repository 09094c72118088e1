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

type Cards = Record<MethodId, { plan: Plan | null; config: TrainConfig }>;

/**
 * Each card's settings at the dataset's resolution and its budget resolved to steps on this dataset and backend;
 * the seconds each would take are published for the status API (useEstimates).
 */
function useCards(
  configs: Record<string, TrainConfig>,
  budgets: Record<string, Budget>,
): { cards: Cards; seconds: Partial<Record<MethodId, number>> } {
  const dataset = useStore((s) => s.dataset);
  const machine = machineOf(useStore((s) => s.backend));
  const speeds = useSpeeds();
  const cards = Object.fromEntries(
    methodInfos.map((m) => {
      const cfg = { ...configs[m.id], resolution: dataset?.resolution ?? configs[m.id].resolution };
      const budget = budgets[m.id];
      const plan = planRun(m.id, cfg, budget, dataset, machine, speeds);
      return [m.id, { plan, config: { ...cfg, steps: plan?.steps ?? (budget.kind === 'steps' ? budget.steps : cfg.steps) } }];
    }),
  ) as Cards;
  const seconds: Partial<Record<MethodId, number>> = {};
  for (const m of methodInfos) if (cards[m.id].plan) seconds[m.id] = cards[m.id].plan!.seconds;
  const estimates = JSON.stringify(seconds);
  useEffect(() => useEstimates.setState(JSON.parse(estimates) as Record<string, number>, true), [estimates]);
  return { cards, seconds };
}

/** The ticked methods, and a way to tick or untick one. */
function useSelection(initial: readonly MethodId[]): [ReadonlySet<MethodId>, (id: MethodId, on: boolean) => void] {
  const [selected, setSelected] = useState<ReadonlySet<MethodId>>(() => new Set(initial));
  const select = (id: MethodId, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return [selected, select];
}

/** "Length of every run": sets every card's budget at once. */
function BudgetAll({ onChoose }: { onChoose: (value: string) => void }) {
  return (
    <label className="small">
      Length of every run{' '}
      <select data-testid="budget-all" value="" onChange={(e) => onChoose(e.target.value)}>
        <option value="" disabled>
          set all…
        </option>
        {budgetOptions().map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "Train selected (n)" and, once every ticked method has an estimate, their time in all. */
function TrainSelected({ count, seconds, onStart }: { count: number; seconds: number; onStart: () => void }) {
  return (
    <>
      <button type="button" className="primary" onClick={onStart} disabled={count === 0} data-testid="train-selected">
        Train selected ({count})
      </button>
      {count > 0 && Number.isFinite(seconds) && (
        <span className="small muted" data-testid="train-selected-estimate">
          ≈ {formatDuration(seconds * 1000)} in all
        </span>
      )}
    </>
  );
}

/** Why an autostart link did not start its runs again. */
function AutostartNote() {
  const autostartSkipped = useStore((s) => s.autostartSkipped);
  if (!autostartSkipped) return null;
  return (
    <p className="small notice" role="status" data-testid="autostart-note">
      This link’s methods were already started from this link in this browser, so opening it again did not start a second copy: its runs are
      under “Your runs” (resume them there), or press “Train selected” to train them again.
    </p>
  );
}

/** Every registered method as a card; start one, or tick several and train them one after another. */
export function MethodPanel({ experiment }: { experiment: Experiment }) {
  const dataset = useStore((s) => s.dataset);
  const backendReady = useStore((s) => s.backend !== null);
  const [configs, setConfigs] = useState<Record<string, TrainConfig>>(() =>
    Object.fromEntries(methodInfos.map((m) => [m.id, app.experimentConfig(m.id)])),
  );
  const [budgets, setBudgets] = useState<Record<string, Budget>>(() =>
    Object.fromEntries(methodInfos.map((m) => [m.id, app.experimentBudget()])),
  );
  const [selected, select] = useSelection(experiment.methods);
  const { cards, seconds } = useCards(configs, budgets);
  const avail = (m: MethodInfo) => availability(m, dataset, backendReady);
  const startable = methodInfos.filter((m) => selected.has(m.id) && avail(m).blocked === null);
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
  const budgetAll = (value: string) =>
    setBudgets((b) => Object.fromEntries(Object.entries(b).map(([id, old]) => [id, budgetFromChoice(value, old) ?? old])));

  return (
    <section className="panel" aria-labelledby="methods-heading" data-testid="method-panel">
      <div className="panel__head">
        <h2 id="methods-heading">Methods</h2>
        <BudgetAll onChoose={budgetAll} />
        <TrainSelected count={startable.length} seconds={selectedSeconds} onStart={() => void startSelected()} />
      </div>
      <p className="muted small">
        Tick methods and press “Train selected” to train them one after another on the same data, or start one on its own. Each card starts
        from the experiment link’s settings; its length is a time budget (or epochs), turned into steps by the run’s estimated speed on this
        data and backend.
      </p>
      <AutostartNote />
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
