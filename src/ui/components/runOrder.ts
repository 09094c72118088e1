import type { RunStatus } from '../../core/train/types';

/**
 * The order a user follows the runs in: the one training now, then the queue in the order it will train
 * (oldest first), then every other run (paused, finished, stopped, failed), newest first. `runs` is in start order.
 */
export function runOrder(runs: readonly RunStatus[]): RunStatus[] {
  const running = runs.filter((r) => r.state === 'running');
  const queued = runs.filter((r) => r.state === 'queued');
  const rest = runs.filter((r) => r.state !== 'running' && r.state !== 'queued').reverse();
  return [...running, ...queued, ...rest];
}

/**
 * "2 waiting, about 6 min": the queue's length and, when every waiting run has an estimate, their training time
 * together (none when only untrained baselines wait).
 */
export function queueSummary(waiting: number, seconds: number, format: (ms: number) => string): string | null {
  if (waiting === 0) return null;
  const time = Number.isFinite(seconds) && seconds > 0 ? `, about ${format(seconds * 1000)}` : '';
  return `${waiting} waiting${time}`;
}
