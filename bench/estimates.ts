import type { Browser } from '@playwright/test';
import path from 'node:path';
import { describe, log, tmp, within } from './harness';
import { jpegFolder } from './jpegs';
import type { EstimateRow } from './estimatesReport';

// How good is the estimate a card shows before Start? The real app on WASM, a small generated folder: read the
// estimate, press Start, time until the run is trained and evaluated.

/**
 * For each method in turn on one page (a fresh browser profile per resolution, so its first method's estimate is the
 * prior alone; later ones are refined by what the earlier runs measured, as for a user): pick `budget`, read the
 * estimate, Start, wait until evaluated.
 */
export async function estimateRuns(
  browser: Browser,
  resolution: number,
  methods: string[],
  budget: string,
  images: number,
): Promise<EstimateRow[]> {
  const name = `estimates-${images}`;
  const dir = jpegFolder(path.join(tmp, name), images);
  const context = await browser.newContext();
  const page = await context.newPage();
  const rows: EstimateRow[] = [];
  try {
    await page.goto(`/?dataset=none&backend=wasm&res=${resolution}`);
    await page.waitForFunction(() => window.pretext?.status().backend !== null, null, { timeout: 120_000 });
    await page.getByTestId('folder-input').setInputFiles(dir);
    await page.waitForFunction((n) => window.pretext.status().dataset?.name === n && window.pretext.status().ingest === null, name, {
      timeout: 300_000,
    });
    for (const method of methods) rows.push(await oneRun(page, resolution, method, budget));
  } finally {
    await context.close();
  }
  return rows;
}

async function oneRun(page: import('@playwright/test').Page, resolution: number, method: string, budget: string): Promise<EstimateRow> {
  const row: EstimateRow = {
    resolution,
    method,
    budget,
    defaultSeconds: null,
    steps: null,
    estimateSeconds: null,
    firstGuess: false,
    measuredSeconds: null,
    firstStepSeconds: null,
    trainSeconds: null,
    evalSeconds: null,
    imagesPerSec: null,
    threads: null,
    ratio: null,
  };
  const estimate = () => page.evaluate((m) => window.pretext.status().estimates[m as 'rotation'] ?? null, method);
  try {
    row.defaultSeconds = await estimate();
    await page.getByTestId(`budget-${method}`).selectOption(budget);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))); // the page has published the new estimate
    const text = (await page.getByTestId(`estimate-${method}`).textContent()) ?? '';
    row.firstGuess = text.includes('first guess');
    row.steps = Number(/([\d,]+) steps/.exec(text)?.[1].replaceAll(',', '') ?? NaN);
    row.estimateSeconds = await estimate();
    const budgetMs = Math.max(120_000, (row.estimateSeconds ?? 600) * 3000);
    const r = await within(
      page.evaluate(async (m) => {
        const before = new Set(window.pretext.status().runs.map((x) => x.id));
        const t0 = performance.now();
        document.querySelector<HTMLButtonElement>(`[data-testid="start-${m}"]`)!.click();
        let first: number | null = null;
        let trained: number | null = null;
        for (;;) {
          const s = window.pretext.status();
          const run = s.runs.find((x) => x.method === m && !before.has(x.id));
          if (run?.error) throw new Error(run.error);
          if (run && first === null && run.step >= 1) first = performance.now();
          if (run?.state === 'done' && trained === null) trained = performance.now();
          if (run?.state === 'done' && run.probe?.step === run.steps) {
            const end = performance.now();
            return { t0, first: first ?? end, trained: trained ?? end, end, run, threads: s.backend?.threads?.used ?? null };
          }
          await new Promise((res) => setTimeout(res, 20));
        }
      }, method),
      budgetMs,
      `${method} at ${resolution} px`,
    );
    Object.assign(row, {
      measuredSeconds: (r.end - r.t0) / 1000,
      firstStepSeconds: (r.first - r.t0) / 1000,
      trainSeconds: (r.trained - r.first) / 1000,
      evalSeconds: (r.end - r.trained) / 1000,
      imagesPerSec: r.run.imagesPerSec,
      threads: r.threads,
      steps: r.run.steps,
    });
    row.ratio = row.estimateSeconds ? row.measuredSeconds! / row.estimateSeconds : null;
    log(
      `estimate ${method} at ${resolution} px: ${row.steps} steps, estimated ${row.estimateSeconds?.toFixed(0)} s${row.firstGuess ? ' (first guess)' : ''}, took ${row.measuredSeconds!.toFixed(0)} s (×${row.ratio?.toFixed(2)})`,
    );
  } catch (e) {
    row.error = describe(e);
    log(`estimate ${method} at ${resolution} px: ${row.error}`);
  }
  return row;
}
