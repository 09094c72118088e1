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
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ startTime: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
}

/** The tasks that started in [from, to] (page time), and their durations (rounded ms, in the order they ran). */
export function longTasksBetween(entries: readonly TaskEntry[], from: number, to = Infinity): LongTasks & { durations: number[] } {
  const seen = entries.filter((e) => e.startTime >= from && e.startTime <= to);
  return {
    count: seen.length,
    totalMs: seen.reduce((s, e) => s + e.duration, 0),
    maxMs: Math.max(0, ...seen.map((e) => e.duration)),
    durations: seen.map((e) => Math.round(e.duration)),
  };
}

export function addLongTasks(a: LongTasks | null, b: LongTasks): LongTasks {
  return a ? { count: a.count + b.count, totalMs: a.totalMs + b.totalMs, maxMs: Math.max(a.maxMs, b.maxMs) } : b;
}
