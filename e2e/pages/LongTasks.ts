import type { Locator, Page } from '@playwright/test';
import { longTasksBetween, observeLongTasks } from '../../bench/longTasks';

export interface LongTaskReport {
  count: number; // tasks over 50 ms (the Long Tasks API's threshold)
  maxMs: number;
  totalMs: number;
  durations: number[]; // rounded, in the order they ran
}

declare global {
  interface Window {
    __mark: number;
  }
}

/**
 * The main thread's long tasks (PerformanceObserver 'longtask'), observed as the bench observes them.
 * Construct it before the page opens: the observer is installed by an init script.
 */
export class LongTasks {
  private constructor(readonly page: Page) {}

  static async watch(page: Page): Promise<LongTasks> {
    await page.addInitScript(observeLongTasks);
    return new LongTasks(page);
  }

  /** Page time now (performance.now()), to report the tasks that run after it. */
  now(): Promise<number> {
    return this.page.evaluate(() => performance.now());
  }

  /** From now on, `event` on the element marks the page time (read it with marked()): e.g. a folder input's change. */
  markOn(target: Locator, event: string): Promise<void> {
    return target.evaluate((el, name) => el.addEventListener(name, () => (window.__mark = performance.now())), event);
  }

  marked(): Promise<number> {
    return this.page.evaluate(() => window.__mark);
  }

  /** The tasks that ran in [from, to] (page time): see longTasksBetween. */
  async between(from: number, to = Infinity): Promise<LongTaskReport> {
    return longTasksBetween(await this.page.evaluate(() => window.__longTasks), from, to);
  }

  /** The tasks that ran from `from` on. */
  since(from: number): Promise<LongTaskReport> {
    return this.between(from);
  }
}
