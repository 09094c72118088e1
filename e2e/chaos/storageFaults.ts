import type { BrowserContext, Page } from '@playwright/test';

/**
 * Storage that fails the way a full disk does, in the real browser: IndexedDB's put throws QuotaExceededError
 * (what Chromium reports when the origin's quota is spent) with probability `p` (seeded: a run repeats), and every
 * time while `setDiskFull(page, true)`. Only writes fail; reads and deletes work, as on a full disk.
 */
export async function failingStorage(context: BrowserContext, p = 0, seed = 1): Promise<void> {
  await context.addInitScript(
    ({ p, seed }) => {
      let x = seed >>> 0 || 1;
      const rand = () => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return (x >>> 0) / 2 ** 32;
      };
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (localStorage.getItem('pretext-test-disk-full') === '1' || rand() < p)
          throw new DOMException('Quota exceeded (simulated).', 'QuotaExceededError');
        return put.apply(this, args);
      };
    },
    { p, seed },
  );
}

export function setDiskFull(page: Page, full: boolean): Promise<void> {
  return page.evaluate(
    (f) => (f ? localStorage.setItem('pretext-test-disk-full', '1') : localStorage.removeItem('pretext-test-disk-full')),
    full,
  );
}

/**
 * The next checkpoint save stalls the page for `ms` inside its transaction (after the curves and the run record
 * were put, before it commits) and logs `pretext-test: saving <run> <step>`: a test kills the page then.
 */
export async function stallNextCheckpointSave(page: Page, ms = 1500): Promise<void> {
  await page.addInitScript((ms) => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const request = put.apply(this, args);
      if (this.name === 'checkpoints' && localStorage.getItem('pretext-test-stall') === '1') {
        localStorage.removeItem('pretext-test-stall');
        const cp = args[0] as { runId: string; step: number };
        console.log(`pretext-test: saving ${cp.runId} ${cp.step}`);
        const end = Date.now() + ms;
        while (Date.now() < end); // the transaction cannot commit while this task runs
      }
      return request;
    };
  }, ms);
}
