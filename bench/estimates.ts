import type { Browser } from '@playwright/test';
import path from 'node:path';
import { describe, log, tmp, within } from './harness';
import { jpegFolder } from './jpegs';

// How good is the estimate a card shows before Start? The real app on WASM, a small generated folder: read the
// estimate, press Start, time until the run is trained and evaluated.

/** One method at one resolution: the estimate before Start against the wall time the user waited. */
export interface EstimateRow {
  resolution: number;
  method: string;
  budget: string; // the card's length menu value
  defaultSeconds: number | null; // the estimate of the card's default length (Standard), read first
  steps: number | null;
  estimateSeconds: number | null; // status().estimates before Start
  firstGuess: boolean; // the estimate came from the bench's prior alone (no run had measured this browser yet)
  measuredSeconds: number | null; // Start click → trained and evaluated
  firstStepSeconds: number | null; // Start click → step 1 (set-up and kernel compilation)
  trainSeconds: number | null; // step 1 → trained (steps and checkpoints)
  evalSeconds: number | null; // trained → its end-of-run evaluation arrived
  imagesPerSec: number | null;
  threads: number | null;
  ratio: number | null; // measured ÷ estimate
  error?: string;
}

/** A row's verdict: the issue asks for the estimate within ±30 % of the measured time. */
export const TOLERANCE = 0.3;
export const withinTolerance = (r: EstimateRow) => r.ratio !== null && Math.abs(r.ratio - 1) <= TOLERANCE;

/**
 * For each method in turn on one page (a fresh browser profile per resolution, so its first method's estimate is the
 * prior alone; later ones are refined by what the earlier runs measured, as for a user): pick `budget`, read the
 * estimate, Start, wait until evaluated.
 */
export async function estimateRuns(browser: Browser, resolution: number, methods: string[], budget: string, images: number): Promise<EstimateRow[]> {
  const name = `estimates-${images}`;
  const dir = jpegFolder(path.join(tmp, name), images);
  const context = await browser.newContext();
  const page = await context.newPage();
  const rows: EstimateRow[] = [];
  try {
    await page.goto(`/?dataset=none&backend=wasm&res=${resolution}`);
    await page.waitForFunction(() => window.pretext?.status().backend !== null, null, { timeout: 120_000 });
    await page.getByTestId('folder-input').setInputFiles(dir);
    await page.waitForFunction((n) => window.pretext.status().dataset?.name === n && window.pretext.status().ingest === null, name, { timeout: 300_000 });
    for (const method of methods) rows.push(await oneRun(page, resolution, method, budget));
  } finally {
    await context.close();
  }
  return rows;
}

async function oneRun(page: import('@playwright/test').Page, resolution: number, method: string, budget: string): Promise<EstimateRow> {
  const row: EstimateRow = {
    resolution, method, budget, defaultSeconds: null, steps: null, estimateSeconds: null, firstGuess: false, measuredSeconds: null, firstStepSeconds: null,
    trainSeconds: null, evalSeconds: null, imagesPerSec: null, threads: null, ratio: null,
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
      measuredSeconds: (r.end - r.t0) / 1000, firstStepSeconds: (r.first - r.t0) / 1000, trainSeconds: (r.trained - r.first) / 1000,
      evalSeconds: (r.end - r.trained) / 1000, imagesPerSec: r.run.imagesPerSec, threads: r.threads, steps: r.run.steps,
    });
    row.ratio = row.estimateSeconds ? row.measuredSeconds! / row.estimateSeconds : null;
    log(`estimate ${method} at ${resolution} px: ${row.steps} steps, estimated ${row.estimateSeconds?.toFixed(0)} s${row.firstGuess ? ' (first guess)' : ''}, took ${row.measuredSeconds!.toFixed(0)} s (×${row.ratio?.toFixed(2)})`);
  } catch (e) {
    row.error = describe(e);
    log(`estimate ${method} at ${resolution} px: ${row.error}`);
  }
  return row;
}

const fmt = (v: number | null, digits = 0) => (v === null || !Number.isFinite(v) ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));

/** bench/ESTIMATES.md: one row per run, and how many were within the tolerance. */
export function renderEstimates(rows: EstimateRow[], meta: { date: string; images: number; quick: boolean; load: number[] }): string {
  const ok = rows.filter(withinTolerance).length;
  const head = ['px', 'method', 'budget', 'steps', 'estimate s', 'measured s', 'measured ÷ estimate', `within ±${TOLERANCE * 100} %`, 'first step s', 'training s', 'evaluation s', 'images/s', 'threads', 'Standard (default): estimate s', 'Standard × ratio s'];
  const body = rows.map((r) => [
    String(r.resolution), r.method, r.budget, fmt(r.steps), `${fmt(r.estimateSeconds)}${r.firstGuess ? ' (first guess)' : ''}`,
    r.error ? `error: ${r.error}` : fmt(r.measuredSeconds), fmt(r.ratio, 2), withinTolerance(r) ? 'yes' : 'no',
    fmt(r.firstStepSeconds, 1), fmt(r.trainSeconds, 1), fmt(r.evalSeconds, 1), fmt(r.imagesPerSec), fmt(r.threads),
    fmt(r.defaultSeconds), fmt(r.defaultSeconds !== null && r.ratio !== null ? r.defaultSeconds * r.ratio : null),
  ]);
  return [
    `# Run-time estimates against measured runs${meta.quick ? ' (quick smoke run)' : ''}`,
    '',
    `Measured by \`npm run bench -- --estimates${meta.quick ? ' --quick' : ''}\` on ${meta.date}: the real app on WASM in headless Chromium, a generated folder of ${meta.images} JPEGs. ` +
      'For each method: the card\'s length menu set to the budget, the estimate read before Start (status().estimates), then the time from the Start click until the run is trained and evaluated. ' +
      'Each resolution starts from a fresh browser profile, so its first method\'s estimate is the first guess from the bench\'s figures; later ones are refined by the speed earlier runs measured.',
    '',
    'The last two columns: the default length\'s estimate on the same card, and that estimate corrected by the measured ratio (what a default run would take here).',
    '',
    `Load average at the start: ${meta.load.map((v) => fmt(v, 2)).join(' / ')} (1 / 5 / 15 min).`,
    '',
    `${ok} of ${rows.length} runs within ±${TOLERANCE * 100} %.`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
}
