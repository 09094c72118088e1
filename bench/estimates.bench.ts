import { test } from '@playwright/test';
import path from 'node:path';
import { methodInfos } from '../src/core/methods/catalog';
import { estimateRuns } from './estimates';
import type { EstimatesRecord } from './estimatesReport';
import { browserMachine, log, ownBrowser, quick, tmp } from './harness';
import { resultsDir } from './record';
import { writeRecord } from './render';

// `npm run bench -- estimates`: every trainable method on WASM at 32 and 64 px on a small folder, its estimate
// before Start against the time it took (bench/results/estimates.json and .md). --quick: one method, a smoke run.
const out = quick ? path.join(tmp, 'quick') : resultsDir;
const IMAGES = 245; // the folder
const RESOLUTIONS = [32, 64];
const BUDGET = 'quick'; // ~1 min each: 14 runs
const METHODS = quick ? ['jigsaw'] : methodInfos.filter((m) => m.trainable).map((m) => m.id);

test.setTimeout((quick ? 10 : 60) * 60_000);

test('estimates', async ({ playwright, launchOptions }) => {
  const inOwnBrowser = ownBrowser(playwright.chromium, launchOptions);
  const record: EstimatesRecord = {
    part: 'estimates',
    when: new Date().toISOString(),
    quick,
    machine: browserMachine(),
    images: IMAGES,
    budget: BUDGET,
    rows: [],
  };
  for (const res of RESOLUTIONS) {
    record.rows.push(...(await inOwnBrowser((browser) => estimateRuns(browser, res, METHODS, BUDGET, IMAGES))));
    writeRecord(out, record);
  }
  log(`wrote ${path.relative(process.cwd(), out)}/estimates.json and estimates.md`);
});
