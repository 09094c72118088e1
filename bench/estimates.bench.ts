import { test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { methodInfos } from '../src/core/methods/catalog';
import { estimateRuns, renderEstimates, type EstimateRow } from './estimates';
import { benchDir, log, ownBrowser, quick, tmp } from './harness';

// `npm run bench -- --estimates`: every trainable method on WASM at 32 and 64 px on a small folder, its estimate
// before Start against the time it took (bench/estimates.json, bench/ESTIMATES.md). --quick: one method, a smoke run.
const out = quick ? path.join(tmp, 'quick') : benchDir;
const IMAGES = 245; // the folder
const RESOLUTIONS = [32, 64];
const BUDGET = 'quick'; // ~1 min each: 14 runs
const METHODS = quick ? ['jigsaw'] : methodInfos.filter((m) => m.trainable).map((m) => m.id);

test.setTimeout((quick ? 10 : 60) * 60_000);

test('estimates', async ({ playwright, launchOptions }) => {
  const load = loadavg();
  const inOwnBrowser = ownBrowser(playwright.chromium, launchOptions);
  const rows: EstimateRow[] = [];
  const save = () => {
    mkdirSync(out, { recursive: true });
    const date = new Date().toISOString();
    writeFileSync(path.join(out, 'estimates.json'), `${JSON.stringify({ date, images: IMAGES, budget: BUDGET, rows }, null, 2)}\n`);
    writeFileSync(path.join(out, 'ESTIMATES.md'), renderEstimates(rows, { date, images: IMAGES, quick, load }));
  };
  for (const res of RESOLUTIONS) {
    rows.push(...(await inOwnBrowser((browser) => estimateRuns(browser, res, METHODS, BUDGET, IMAGES))));
    save();
  }
  log(`wrote ${path.relative(process.cwd(), out)}/estimates.json and ESTIMATES.md`);
});
