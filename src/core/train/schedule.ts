import type { TrainConfig } from '../config';

/** Linear warm-up to the peak, then cosine decay to minLrFraction·peak at the last step. */
export function learningRateAt(step: number, cfg: Pick<TrainConfig, 'learningRate' | 'warmupSteps' | 'minLrFraction' | 'steps'>): number {
  const { learningRate: peak, warmupSteps, minLrFraction, steps } = cfg;
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps;
  const span = Math.max(1, steps - warmupSteps);
  const t = Math.min(1, (step - warmupSteps) / span);
  const floor = peak * minLrFraction;
  return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * t));
}
