import { settingLimits } from './config';
import { runSeconds, type RunCost } from './estimate';

/**
 * How long a run should be. A time budget resolves to the steps that fit it on this machine (by the estimate),
 * capped at MAX_EPOCHS passes over the training images; `epochs` asks for that many passes, uncapped; `steps` is an
 * explicit number of steps (the experiment link's `steps=`, or the card's steps field), which the budget leaves alone.
 */
export type Budget =
  { kind: 'quick' | 'standard' | 'long' } | { kind: 'epochs'; epochs: number } | { kind: 'steps'; steps: number; from: 'link' | 'edited' };

export type TimeBudget = 'quick' | 'standard' | 'long';

/** Seconds each time budget aims at, start to evaluated. */
export const BUDGET_SECONDS: Record<TimeBudget, number> = { quick: 60, standard: 300, long: 1200 };

export const DEFAULT_BUDGET: Budget = { kind: 'standard' };

/**
 * The most passes over the training images a time budget trains for. The recipes, tuned on the 12,000-photo sample,
 * ran 8 to 43 passes (jigsaw 3,000 × 32, SimCLR 8,000 × 64 images); SSL papers' short schedules are 100 epochs. More
 * passes over a few hundred photos only memorise them: past 100, the time is better spent on another method.
 */
export const MAX_EPOCHS = 100;

/** A budget resolved for one run: its steps, the passes over the training images they make, and the estimated seconds. */
export interface ResolvedBudget {
  steps: number;
  epochs: number;
  seconds: number;
  capped: boolean; // the time budget would allow more steps than MAX_EPOCHS
}

/**
 * The steps `budget` gives a run of `batchSize` images per step over `trainImages` training images, at `cost`.
 * A time budget shorter than the run's fixed costs still trains one step.
 */
export function resolveBudget(budget: Budget, cost: RunCost, trainImages: number, batchSize: number): ResolvedBudget {
  const stepsFor = (epochs: number) => Math.max(1, Math.ceil((epochs * trainImages) / batchSize));
  let steps: number;
  let capped = false;
  if (budget.kind === 'steps') steps = budget.steps;
  else if (budget.kind === 'epochs') steps = stepsFor(budget.epochs);
  else {
    const fit = Math.max(1, Math.floor((BUDGET_SECONDS[budget.kind] - cost.fixedSeconds) / cost.stepSeconds));
    const cap = stepsFor(MAX_EPOCHS);
    capped = fit > cap;
    steps = Math.min(fit, cap);
  }
  steps = Math.min(steps, settingLimits.steps.max);
  return { steps, epochs: (steps * batchSize) / Math.max(1, trainImages), seconds: runSeconds(cost, steps), capped };
}
