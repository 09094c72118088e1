import type { TrainConfig } from '../config';

/** Whether the steps from `before` to `after` passed a multiple of `every` (never for `every` ≤ 0). */
export function crossed(before: number, after: number, every: number): boolean {
  return every > 0 && Math.floor(after / every) > Math.floor(before / every);
}

/**
 * What a run owes after a slice of steps from `before` to `after`: a checkpoint every `checkpointEvery` steps
 * and at the end; a quick probe (no label sweep) every `probeEvery` steps before the end (the end has the full one).
 */
export function milestonesAfter(before: number, after: number, cfg: Pick<TrainConfig, 'steps' | 'checkpointEvery' | 'probeEvery'>) {
  const done = after >= cfg.steps;
  return { checkpoint: done || crossed(before, after, cfg.checkpointEvery), probe: !done && crossed(before, after, cfg.probeEvery) };
}
