import type { Browser, Page } from '@playwright/test';
import path from 'node:path';
import type { BackendName } from '../src/worker/contract';
import { LongTasks } from '../e2e/pages/LongTasks';
import { BATCH, describe, left, log, tmp, within } from './harness';
import { jpegFolder } from './jpegs';
import type { FirstStep, Ingest } from './results';

// The real app in its own page: how long the first step takes after a click, and a big folder's ingest.

async function appPage(browser: Browser, query: string): Promise<{ page: Page; tasks: LongTasks }> {
  const page = await browser.newPage();
  const tasks = await LongTasks.watch(page);
  await page.goto(`/${query}`);
  await page.waitForFunction(() => typeof window.pretext?.status === 'function');
  return { page, tasks };
}

/**
 * Click "Start" on the rotation card of the real app (a run of `steps` steps); time until its status shows
 * step ≥ 1, then keep watching the training for `watchSeconds`.
 */
export async function firstStep(browser: Browser, backend: BackendName, steps: number, watchSeconds: number): Promise<FirstStep> {
  const entry: FirstStep = {
    backend,
    runSteps: steps,
    clickToFirstStepMs: null,
    trainedSteps: 0,
    trainSeconds: 0,
    imagesPerSec: null,
    threads: null,
    longTasks: null,
  };
  const { page, tasks } = await appPage(browser, `?backend=${backend}&batch=${BATCH}&steps=${steps}&pool=none`);
  try {
    await page.waitForFunction(() => window.pretext.status().dataset !== null && window.pretext.status().backend !== null, null, {
      timeout: 120_000,
    });
    const r = await within(
      page.evaluate(async (watch) => {
        const t0 = performance.now();
        document.querySelector<HTMLButtonElement>('[data-testid="start-rotation"]')!.click();
        let first: number | null = null;
        for (;;) {
          const run = window.pretext.status().runs.find((x) => x.method === 'rotation');
          if (run?.state === 'error') throw new Error(run.error);
          if (first === null && run && run.step >= 1) first = performance.now();
          if (first !== null && performance.now() - first >= watch * 1000)
            return {
              t0,
              first,
              end: performance.now(),
              steps: run!.step,
              imagesPerSec: run!.imagesPerSec,
              threads: window.pretext.status().backend?.threads?.used ?? null,
            };
          await new Promise((res) => setTimeout(res, 10));
        }
      }, watchSeconds),
      Math.max(120_000, left() + 60_000),
      `first step on ${backend}`,
    );
    const { count, totalMs, maxMs } = await tasks.between(r.t0, r.end);
    const seconds = (r.end - r.t0) / 1000;
    Object.assign(entry, {
      clickToFirstStepMs: r.first - r.t0,
      trainedSteps: r.steps,
      trainSeconds: seconds,
      imagesPerSec: r.imagesPerSec,
      threads: r.threads,
      longTasks: { count, totalMs, maxMs },
    });
    log(
      `app on ${backend}: first step ${((r.first - r.t0) / 1000).toFixed(1)} s after the click; ${count} long tasks in ${seconds.toFixed(0)} s`,
    );
  } catch (e) {
    entry.error = describe(e);
    log(`app on ${backend}: ${entry.error}`);
  } finally {
    await page.close();
  }
  return entry;
}

/** Pick a folder of `images` generated JPEGs with the app's folder input; time from the input's change to "dataset ready". */
export async function ingest(browser: Browser, images: number): Promise<Ingest> {
  const name = `ingest-${images}`;
  const dir = jpegFolder(path.join(tmp, name), images);
  const { page, tasks } = await appPage(browser, '?dataset=none&backend=wasm');
  try {
    await page.waitForFunction(() => window.pretext.status().backend !== null, null, { timeout: 120_000 });
    await tasks.markOn(page.getByTestId('folder-input'), 'change');
    await page.getByTestId('folder-input').setInputFiles(dir);
    const r = await within(
      page.evaluate(async (n) => {
        for (;;) {
          const s = window.pretext.status();
          if (s.dataset?.name === n && s.ingest === null) return { accepted: s.dataset.images, end: performance.now() };
          await new Promise((res) => setTimeout(res, 10));
        }
      }, name),
      10 * 60_000,
      'ingest',
    );
    const t0 = await tasks.marked();
    const { count, totalMs, maxMs } = await tasks.between(t0, r.end);
    const seconds = (r.end - t0) / 1000;
    log(`ingest: ${images} JPEGs in ${seconds.toFixed(1)} s (${(images / seconds).toFixed(0)}/s), ${count} long tasks`);
    return { images, accepted: r.accepted, seconds, imagesPerSec: images / seconds, longTasks: { count, totalMs, maxMs } };
  } finally {
    await page.close();
  }
}
