import { BUDGET_SECONDS, MAX_EPOCHS, type Budget, type TimeBudget } from '../../core/budget';
import type { Plan } from '../state/estimates';
import { formatDuration } from './format';

const TIME_LABELS: Record<TimeBudget, string> = { quick: 'Quick', standard: 'Standard', long: 'Long' };
const DEFAULT_EPOCHS = 20;
const ESTIMATE_HELP =
  'Estimated time from Start until the run is trained and evaluated, on this backend, dataset and resolution. A first guess comes from ' +
  "the project's benchmark; once a run has trained here, its measured speed refines every estimate on this backend.";

/** The choices of the budget menu: the time budgets, a number of epochs, and explicit steps (shown, not picked). */
export function budgetOptions(): { value: string; label: string }[] {
  const times = (Object.keys(BUDGET_SECONDS) as TimeBudget[]).map((k) => ({
    value: k,
    label: `${TIME_LABELS[k]} (~${formatDuration(BUDGET_SECONDS[k] * 1000)})`,
  }));
  return [...times, { value: 'epochs', label: 'Epochs…' }];
}

/** The budget a menu value stands for (`current` keeps its epochs when switching back to them). */
export function budgetFromChoice(value: string, current: Budget): Budget | null {
  if (value === 'epochs') return { kind: 'epochs', epochs: current.kind === 'epochs' ? current.epochs : DEFAULT_EPOCHS };
  return value in BUDGET_SECONDS ? { kind: value as TimeBudget } : null;
}

interface Props {
  id: string; // the method's id
  budget: Budget;
  plan: Plan | null;
  onBudget: (b: Budget) => void;
}

/** A card's run length: the budget menu (and its epochs), and what it resolves to here, before Start. */
export function BudgetField({ id, budget, plan, onBudget }: Props) {
  const explicit = budget.kind === 'steps';
  return (
    <div className="method-card__budget">
      <label htmlFor={`budget-${id}`} className="small">
        Length
      </label>
      <select
        id={`budget-${id}`}
        data-testid={`budget-${id}`}
        value={explicit ? 'steps' : budget.kind}
        onChange={(e) => {
          const b = budgetFromChoice(e.target.value, budget);
          if (b) onBudget(b);
        }}
      >
        {budgetOptions().map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {explicit && <option value="steps">{budget.from === 'link' ? `steps=${budget.steps} from the link` : 'custom steps'}</option>}
      </select>
      {budget.kind === 'epochs' && (
        <input
          type="number"
          min={1}
          max={10_000}
          step={1}
          aria-label="Epochs"
          data-testid={`budget-${id}-epochs`}
          value={budget.epochs}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 1 && n <= 10_000) onBudget({ kind: 'epochs', epochs: n });
          }}
        />
      )}
      <span className="small muted" data-testid={`estimate-${id}`} title={ESTIMATE_HELP}>
        {plan ? planText(plan) : 'estimate once the data and backend are ready'}
      </span>
    </div>
  );
}

/** "≈ 4 min 10 s · 1,800 steps · 12 epochs", with why it is shorter than the budget or how rough it is. */
export function planText(plan: Plan): string {
  const epochs = plan.epochs >= 10 ? Math.round(plan.epochs).toLocaleString('en-US') : plan.epochs.toFixed(1);
  const parts = [`≈ ${formatDuration(plan.seconds * 1000)}`, `${plan.steps.toLocaleString('en-US')} steps`, `${epochs} epochs`];
  if (plan.capped) parts.push(`capped at ${MAX_EPOCHS} epochs`);
  if (plan.source === 'prior') parts.push('first guess');
  return parts.join(' · ');
}
