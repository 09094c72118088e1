import type { Page } from '@playwright/test';

export interface LongTaskReport {
  count: number; // tasks over 50 ms (the Long Tasks API's threshold)
  maxMs: number;
  totalMs: number;
  durations: number[]; // rounded, in the order they ran
}

declare global {
  interface Window {
    __longTasks: { startTime: number; duration: number }[];
    __mark: number;
  }
}

/**
 * The main thread's long tasks (PerformanceObserver 'longtask'), as the bench observes them in the app.
 * Construct it before the page opens: the observer is installed by an init script.
 */
export class LongTasks {
  private constructor(readonly page: Page) {}

  static async watch(page: Page): Promise<LongTasks> {
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => ({ startTime: e.startTime, duration: e.duration })))).observe({ type: 'longtask', buffered: true });
    });
    return new LongTasks(page);
  }

  /** Page time now (performance.now()), to report the tasks that start after it. */
  now(): Promise<number> {
    return this.page.evaluate(() => performance.now());
  }

  /** The tasks that started at or after `from` (page time). */
  since(from: number): Promise<LongTaskReport> {
    return this.page.evaluate((t0) => {
      const seen = window.__longTasks.filter((e) => e.startTime >= t0);
      const durations = seen.map((e) => Math.round(e.duration));
      return { count: seen.length, maxMs: Math.max(0, ...durations), totalMs: durations.reduce((a, b) => a + b, 0), durations };
    }, from);
  }
}
