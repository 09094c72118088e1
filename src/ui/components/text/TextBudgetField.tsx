import type { Budget } from '../../../core/budget';
import { BUDGET_SECONDS } from '../../../core/budget';
import { recipeConfig, textCatalog, type TextMethodId } from '../../../core/methods/catalog';
import { textSettingProblem } from '../../../core/text/textLimits';
import type { TextSet } from '../../../core/text/textSet';
import type { TextBudget } from '../../../worker/textContract';
import { machineOf, planTextRun, useSpeeds, type Plan } from '../../state/estimates';
import { useStore } from '../../state/store';
import { useTextRuns } from '../../state/textRuns';
import { budgetFromChoice, budgetOptions, planText } from '../BudgetField';

/** A text card's length: a time budget, or the Steps field as typed (checked, never changed for the user). */
export interface TextLength {
  budget: Budget;
  steps: string;
}

export const DEFAULT_TEXT_LENGTH: TextLength = { budget: { kind: 'quick' }, steps: '200' };

/** The card's batch: the text recipe's. */
const batchOf = (id: TextMethodId) => recipeConfig(textCatalog[id]).batchSize;

/**
 * The plan of `id` on `set` under `budget`, as image cards plan theirs (estimates.ts): texts that train are the split's
 * once the worker made it, all the texts before (that only loosens the epochs cap, which a time budget rarely meets).
 */
export function useTextPlan(id: TextMethodId, budget: Budget | null, set: TextSet): Plan | null {
  const backend = useStore((s) => s.backend);
  const speeds = useSpeeds();
  const train = useTextRuns((s) => (s.set === set ? s.split?.train : undefined));
  const all = set.texts.length;
  return budget && planTextRun(id, budget, batchOf(id), { all, train: train ?? all }, machineOf(backend), speeds);
}

/** Why the typed steps cannot be used, named; null for a time budget or allowed steps. */
export function stepsProblem(length: TextLength): string | null {
  if (length.budget.kind !== 'steps') return null;
  return textSettingProblem('steps', length.steps.trim() === '' ? NaN : Number(length.steps));
}

/** The budget to plan: the typed steps as an explicit budget, else the menu's (null while the steps are not allowed). */
export function plannedBudget(length: TextLength): Budget | null {
  if (length.budget.kind !== 'steps') return length.budget;
  return stepsProblem(length) ? null : { kind: 'steps', steps: Number(length.steps), from: 'edited' };
}

/** What Start sends: the plan's steps (a time budget resolved here, or the typed steps), or why it cannot start. */
export function textBudget(length: TextLength, plan: Plan | null): TextBudget | string {
  const budget = plannedBudget(length);
  if (!budget) return stepsProblem(length)!;
  if (budget.kind === 'steps') return { steps: budget.steps };
  if (plan) return { steps: plan.steps };
  return { seconds: budget.kind === 'epochs' ? BUDGET_SECONDS.quick : BUDGET_SECONDS[budget.kind] }; // no plan: random init, or no backend yet
}

interface Props {
  id: TextMethodId;
  length: TextLength;
  plan: Plan | null;
  onLength: (l: TextLength) => void;
}

/** The Length menu (the image cards' time budgets, or Steps), the Steps field, and the estimate before Start. */
export function TextBudgetField({ id, length, plan, onLength }: Props) {
  const { budget } = length;
  const chosen = budget.kind === 'steps' ? 'steps' : budget.kind;
  const problem = stepsProblem(length);
  return (
    <>
      <label>
        Length{' '}
        <select
          value={chosen}
          data-testid={`text-length-${id}`}
          onChange={(e) => {
            const v = e.target.value;
            const b = v === 'steps' ? ({ kind: 'steps', steps: 0, from: 'edited' } as const) : budgetFromChoice(v, budget); // the Steps field holds the steps
            if (b) onLength({ ...length, budget: b });
          }}
        >
          {budgetOptions()
            .filter((o) => o.value !== 'epochs')
            .map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          <option value="steps">Steps</option>
        </select>
      </label>
      {budget.kind === 'steps' && (
        <label>
          Steps{' '}
          <input
            type="number"
            inputMode="numeric"
            value={length.steps}
            onChange={(e) => onLength({ ...length, steps: e.target.value })}
            aria-invalid={problem !== null}
            data-testid={`text-steps-${id}`}
          />
        </label>
      )}
      {problem && (
        <p className="error small" role="alert" data-testid={`text-steps-problem-${id}`}>
          {problem}
        </p>
      )}
      {id !== 'random' && (
        <span
          className="small muted"
          data-testid={`text-estimate-${id}`}
          title="Estimated time from Start until the run is trained and evaluated, on this backend and text dataset."
        >
          {plan ? planText(plan) : problem ? '' : 'estimate once the backend is ready'}
        </span>
      )}
    </>
  );
}
