/** Main-thread long tasks (> 50 ms, the Long Tasks API's threshold) observed while something ran. */
export interface LongTasks {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface TaskEntry {
  startTime: number;
  duration: number;
}

declare global {
  interface Window {
    __longTasks: TaskEntry[];
  }
}

/**
 * Records the page's long tasks into window.__longTasks, from the start (buffered). Self-contained, so Playwright
 * can pass it to addInitScript (the bench's and the e2e tests' app pages); the bench page calls it directly.
 */
export function observeLongTasks(): void {
  window.__longTasks = [];
  new PerformanceObserver((list) =>
    window.__longTasks.push(...list.getEntries().map((e) => ({ startTime: e.startTime, duration: e.duration }))),
  ).observe({ type: 'longtask', buffered: true });
}

/** The Long Tasks API's threshold (ms). */
const LONG_TASK_MS = 50;

/**
 * The tasks that ran in [from, to] (page time) for longer than the threshold, and their durations (rounded ms, in the
 * order they ran). A task that began before `from` counts for its part after it: the task a click or a file pick runs
 * in began with the browser's own work (Chromium builds a 10,000-file FileList there) and ends with the page's.
 */
export function longTasksBetween(entries: readonly TaskEntry[], from: number, to = Infinity): LongTasks & { durations: number[] } {
  const seen = entries
    .filter((e) => e.startTime <= to)
    .map((e) => e.startTime + e.duration - Math.max(e.startTime, from))
    .filter((ms) => ms > LONG_TASK_MS);
  return {
    count: seen.length,
    totalMs: seen.reduce((s, ms) => s + ms, 0),
    maxMs: Math.max(0, ...seen),
    durations: seen.map(Math.round),
  };
}

export function addLongTasks(a: LongTasks | null, b: LongTasks): LongTasks {
  return a ? { count: a.count + b.count, totalMs: a.totalMs + b.totalMs, maxMs: Math.max(a.maxMs, b.maxMs) } : b;
}
