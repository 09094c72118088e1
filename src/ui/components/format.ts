import type { RunStatus } from '../../core/train/types';

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Time left at the run's average pace so far (pauses excluded); null before the first step or when finished. */
export function etaMs(run: Pick<RunStatus, 'step' | 'steps' | 'elapsedMs'>): number | null {
  if (run.step <= 0 || run.step >= run.steps || run.elapsedMs <= 0) return null;
  return (run.elapsedMs / run.step) * (run.steps - run.step);
}

/** A metric value for people: accuracies as percentages, PSNR in dB, anything else to 3 significant digits. */
export function formatMetric(name: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (/acc/i.test(name)) return `${(100 * value).toFixed(1)}%`;
  if (/psnr/i.test(name)) return `${value.toFixed(1)} dB`;
  return value.toPrecision(3);
}

/** A human name for a metric key ("abError" → "ab error", "psnr" → "PSNR"). */
export function metricLabel(name: string): string {
  if (/^psnr$/i.test(name)) return 'PSNR';
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** What to try after a run failed, from its error message. */
export function suggestionFor(error: string): string {
  if (/diverged|NaN|Infinity/i.test(error)) return 'Lower the learning rate in the method card and start again.';
  if (/memory|allocat|OOM|too large|can hold/i.test(error))
    return 'Lower the batch size or the encoder width, or pick a smaller resolution.';
  if (/backend|webgpu|webgl|wasm|kernel/i.test(error)) return 'Try another backend from the menu at the top of the page.';
  return 'Start the run again; if it fails the same way, lower the batch size or try another backend.';
}
