// Ingest throughput in headless Chromium: folders of generated JPEGs through ingestFiles() (picked into the
// ingest harness page, then timed in the page), and the built-in unlabelled pool through loadSamplePool().
// Reports images/s and the main thread's long tasks (over 50 ms) during each load.
// Usage: npx tsx bench/ingestSpeed.ts [--folders 10000x32,50000x32,10000x64] [--pool 32,64] [--dir <folder>]… [--app]
//   NxS: N generated S-px JPEGs in 10 class folders (kept in bench/.tmp/ingest-speed); --dir: any folder;
//   --app: also each folder through the built app's folder input (run `npx vite build` first), timed as
//   bench/suite.bench.ts times it: from the input's change event until the app has the dataset and is idle.
import { chromium, type Page } from '@playwright/test';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { chromiumArgs } from '../e2e/playwright.config';
import type { HarnessRun } from '../e2e/harness/ingest';
import { serveBuild, serveHarness } from '../e2e/harness/serve';
import { jpegFolder } from './jpegs';
import { longTasksBetween, observeLongTasks } from './longTasks';

const tmp = path.join(path.dirname(fileURLToPath(import.meta.url)), '.tmp', 'ingest-speed');

function option(name: string, fallback: string[]): string[] {
  const values = process.argv.flatMap((a, i) => (a === `--${name}` ? [process.argv[i + 1]] : []));
  return (values.length > 0 ? values.join(',') : fallback.join(',')).split(',').filter((v) => v !== '');
}

const folders = option('folders', ['10000x32', '50000x32', '10000x64']).map((spec) => {
  const [count, side] = spec.split('x').map(Number);
  return { label: `${count} generated ${side}-px JPEGs`, dir: () => jpegFolder(path.join(tmp, `${count}x${side}`), count, 10, side) };
});
const dirs = option('dir', []).map((dir) => ({ label: dir, dir: () => dir }));
const poolResolutions = option('pool', ['32']).map(Number);
const app = process.argv.includes('--app');

async function longTasksSince(page: Page, t0: number): Promise<string> {
  const { count, maxMs } = longTasksBetween(await page.evaluate(() => window.__longTasks), t0);
  return `${count} long task(s)${count ? `, max ${Math.round(maxMs)} ms` : ''}`;
}

/** The folder through the app's folder input: seconds until decoding was done (the last progress) and until the app was idle. */
async function throughApp(page: Page, url: string, dir: string): Promise<void> {
  await page.goto(`${url}?dataset=none&backend=wasm`);
  await page.waitForFunction(() => window.pretext?.status().backend != null, null, { timeout: 120_000 });
  const name = path.basename(dir);
  await page.getByTestId('folder-input').evaluate((input) => input.addEventListener('change', () => (window.__mark = performance.now())));
  await page.getByTestId('folder-input').setInputFiles(dir);
  const r = await page.evaluate(async (n) => {
    let decoded = 0;
    for (;;) {
      const s = window.pretext.status();
      if (s.ingest && s.ingest.done === s.ingest.total && !decoded) decoded = performance.now();
      if (s.dataset?.name === n && s.ingest === null)
        return {
          images: s.dataset.images,
          decoded: (decoded || performance.now()) - window.__mark,
          idle: performance.now() - window.__mark,
          t0: window.__mark,
        };
      await new Promise((res) => setTimeout(res, 10));
    }
  }, name);
  const perSec = (ms: number) => Math.round(r.images / (ms / 1000));
  console.log(
    `  app: ${r.images} images decoded in ${(r.decoded / 1000).toFixed(2)} s (${perSec(r.decoded)} images/s), app idle after ${(r.idle / 1000).toFixed(2)} s (${perSec(r.idle)} images/s); ${await longTasksSince(page, r.t0)}`,
  );
}

async function timed(page: Page, label: string, run: () => Promise<HarnessRun>): Promise<void> {
  const t0 = await page.evaluate(() => performance.now());
  const r = await run();
  const line = `${label}: ${r.images} images (${r.rejected.length} rejected) at ${r.resolution} px in ${(r.ms / 1000).toFixed(2)} s = ${Math.round(r.images / (r.ms / 1000))} images/s; ${await longTasksSince(page, t0)}`;
  console.log(line);
}

const harness = await serveHarness();
const appServer = app ? await serveBuild() : null;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
try {
  const page = await browser.newPage();
  await page.addInitScript(observeLongTasks);
  await page.goto(harness.url);
  await page.waitForFunction(() => 'ingestHarness' in window);
  for (const resolution of poolResolutions)
    await timed(page, 'unlabelled pool', () => page.evaluate((r) => window.ingestHarness.pool({ resolution: r }), resolution));
  for (const f of [...folders, ...dirs]) {
    const dir = f.dir();
    await page.locator('#files').setInputFiles(dir);
    await timed(page, f.label, () => page.evaluate(() => window.ingestHarness.folder({ resolution: 32 })));
    if (appServer) {
      await throughApp(page, appServer.url, dir);
      await page.goto(harness.url);
    }
  }
} finally {
  await browser.close();
  await harness.close();
  await appServer?.close();
}
