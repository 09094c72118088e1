import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import type { HarnessOptions, HarnessRun } from './harness/ingest';
import { serveHarness, type Harness } from './harness/serve';
import { LongTasks } from './pages/LongTasks';

// loadSamplePool in the production build of the ingest layer (e2e/harness), in real Chromium.
const BOUND_MS = 200; // as e2e/longtasks.spec.ts: a 40 ms task on this shared 2-core machine is seen stretched 2–3×
const sample = path.join(path.dirname(fileURLToPath(import.meta.url)), '../public/sample');
const meta = JSON.parse(readFileSync(path.join(sample, 'pool.json'), 'utf8')) as { count: number; lengths: number[] };
const bin = readFileSync(path.join(sample, 'pool.bin'));
const offsets = meta.lengths.reduce((o, n) => [...o, o.at(-1)! + n], [0]);
const entry = (i: number) => bin.subarray(offsets[i], offsets[i + 1]);
/** Entry i decoded another way: jpeg-js in Node. */
const reference = (bytes: Uint8Array) => Array.from(jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false }).data);

function difference(a: number[], b: number[]): { mean: number; max: number } {
  expect(a.length).toBe(b.length);
  let sum = 0,
    max = 0;
  a.forEach((v, k) => {
    const d = Math.abs(v - b[k]);
    sum += d;
    max = Math.max(max, d);
  });
  return { mean: sum / a.length, max };
}

let harness: Harness;
test.beforeAll(async () => {
  harness = await serveHarness();
});
test.afterAll(() => harness?.close());

async function open(page: Page): Promise<LongTasks> {
  const tasks = await LongTasks.watch(page);
  await page.goto(harness.url);
  await page.waitForFunction(() => 'ingestHarness' in window);
  return tasks;
}

const loadPool = (page: Page, opts: HarnessOptions): Promise<HarnessRun> => page.evaluate((o) => window.ingestHarness.pool(o), opts);

test('the unlabelled pool loads with progress into 10,000 unlabelled images, the same photos as its JPEGs', async ({ page }) => {
  const tasks = await open(page);
  const t0 = await tasks.now();
  const picks = [0, 1, 4_321, 9_999];
  const r = await loadPool(page, { resolution: 32, pick: picks });
  const long = await tasks.since(t0);
  const note = `10,000 pool images in ${(r.ms / 1000).toFixed(2)} s (${Math.round(10_000 / (r.ms / 1000))}/s), ${r.progress.length} progress calls, long tasks [${long.durations.join(', ')}]`;
  test.info().annotations.push({ type: 'pool', description: note });
  console.log(note);

  expect({
    images: r.images,
    resolution: r.resolution,
    name: r.name,
    classNames: r.classNames,
    labels: r.labelValues,
    rejected: r.rejected,
  }).toEqual({
    images: 10_000,
    resolution: 32,
    name: 'CIFAR-10 unlabelled pool',
    classNames: [],
    labels: [-1],
    rejected: [],
  });
  // progress: counting up to the total, at most ~10 calls a second, the last one final
  const done = r.progress.map((p) => p.done);
  expect(r.progress.at(-1)).toMatchObject({ done: 10_000, total: 10_000, rejected: 0 });
  expect(done.some((d) => d > 0 && d < 10_000)).toBe(true);
  for (let k = 1; k < done.length; k++) expect(done[k]).toBeGreaterThanOrEqual(done[k - 1]);
  const gaps = r.progress.slice(1, -1).map((p, k) => p.at - r.progress[k].at);
  expect(gaps.filter((g) => g < 95)).toEqual([]);

  for (const [k, i] of picks.entries()) {
    const d = difference(r.picked[k], reference(entry(i)));
    // measured: mean 0.4–0.55, max 2–3 (the decoders round the colour conversion differently)
    expect(d.mean, `image ${i}: mean difference to jpeg-js`).toBeLessThan(1.5);
    expect(d.max, `image ${i}: largest difference to jpeg-js`).toBeLessThanOrEqual(8);
  }
  expect(r.picked[0]).not.toEqual(r.picked[1]);
  expect(long.durations.filter((ms) => ms > BOUND_MS)).toEqual([]);
});

test('at another resolution the pool is resized: 10,000 images at 64 px, each the same photo', async ({ page }) => {
  await open(page);
  const r = await loadPool(page, { resolution: 64, pick: [0, 9_999] });
  expect({ images: r.images, resolution: r.resolution, rejected: r.rejected }).toEqual({ images: 10_000, resolution: 64, rejected: [] });
  const mean = (px: number[], c: number) => px.filter((_, k) => k % 3 === c).reduce((a, b) => a + b, 0) / (px.length / 3);
  for (const [k, i] of [0, 9_999].entries()) {
    expect(r.picked[k].length).toBe(64 * 64 * 3);
    const ref = reference(entry(i));
    for (let c = 0; c < 3; c++) expect(Math.abs(mean(r.picked[k], c) - mean(ref, c)), `image ${i}, channel ${c}`).toBeLessThan(3);
  }
});

test('aborting stops the load with the abort reason, and the next load still works', async ({ page }) => {
  await open(page);
  const stopped = await page.evaluate(() =>
    window.ingestHarness.pool({ resolution: 32, abortAt: 1 }).then(
      () => 'finished',
      (e: Error) => `${e.name}: ${e.message}`,
    ),
  );
  expect(stopped).toBe('AbortError: stopped by the test');
  const again = await loadPool(page, { resolution: 32 });
  expect(again.images).toBe(10_000);
});

test('a broken entry in a pack is reported with its reason, and every other image is kept in order', async ({ page }) => {
  // a fixture pack from the first 40 entries: #3 cut short, #7 text, #11 empty, #15 a header claiming 20,000×20,000 px
  const entries = Array.from({ length: 40 }, (_, i) => Buffer.from(entry(i)));
  entries[3] = entries[3].subarray(0, entries[3].length - 100);
  entries[7] = Buffer.from('not a photo, just some text');
  entries[11] = Buffer.alloc(0);
  const sof = entries[15].indexOf(Buffer.from([0xff, 0xc0]));
  entries[15].writeUInt16BE(20_000, sof + 5);
  entries[15].writeUInt16BE(20_000, sof + 7);
  const json = { name: 'fixture pack', count: 40, resolution: 32, source: 'e2e/samplePool.spec.ts', lengths: entries.map((b) => b.length) };
  await page.route('**/fixture/sample/pool.json', (route) => route.fulfill({ json }));
  await page.route('**/fixture/sample/pool.bin', (route) =>
    route.fulfill({ body: Buffer.concat(entries), contentType: 'application/octet-stream' }),
  );
  await open(page);
  const r = await loadPool(page, { resolution: 32, base: '/fixture/', pick: [0, 3, 35] });
  expect(r.rejected).toEqual([
    { file: 'sample/pool.bin #3', reason: 'corrupt or truncated image' },
    { file: 'sample/pool.bin #7', reason: 'not an image' },
    { file: 'sample/pool.bin #11', reason: 'empty file (0 bytes)' },
    { file: 'sample/pool.bin #15', reason: 'too many pixels: 20000×20000' },
  ]);
  expect({ images: r.images, name: r.name, last: r.progress.at(-1) }).toEqual({
    images: 36,
    name: 'fixture pack',
    last: { done: 40, total: 40, rejected: 4, at: r.progress.at(-1)!.at },
  });
  // kept images close up in order: image 3 is entry 4, image 35 is entry 39
  for (const [k, i] of [0, 4, 39].entries()) expect(difference(r.picked[k], reference(entry(i))).mean, `entry ${i}`).toBeLessThan(1.5);
});
