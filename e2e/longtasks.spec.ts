import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeTinyJpegs } from './fixtures/makeHostileCorpus.mjs';
import { LabPage } from './pages/LabPage';
import { LongTasks, type LongTaskReport } from './pages/LongTasks';
import { TrainingUi } from './pages/TrainingUi';

// The goal is no task over 50 ms on the main thread (the bench counts them). A test on a shared 2-core CI
// machine, with the training worker busy on one core, sees a 40 ms task stretched 2–3×: it fails only on
// tasks no slowdown explains. Before the fix the live charts alone took 100–750 ms a render.
const BOUND_MS = 200;
const WATCH_MS = 20_000;
const IMAGES = 2000;

function report(what: string, r: LongTaskReport): void {
  const note = `${what}: ${r.count} long task(s) over 50 ms, max ${r.maxMs} ms, total ${r.totalMs} ms [${r.durations.join(', ')}]`;
  test.info().annotations.push({ type: 'long tasks', description: note });
  console.log(note);
}

test('training on wasm leaves the main thread free: no long task over the bound', async ({ page }) => {
  test.setTimeout(180_000);
  const tasks = await LongTasks.watch(page);
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  await lab.open('?backend=wasm&batch=8&steps=100000');
  await lab.waitForDataset();
  const t0 = await tasks.now();
  await ui.startButton('rotation').click();
  const first = await lab.waitFor((s) => s.runs.some((r) => r.method === 'rotation' && r.step >= 1));
  const id = first.runs.find((r) => r.method === 'rotation')!.id;
  await page.waitForTimeout(WATCH_MS);

  const s = await lab.status();
  const run = s.runs.find((r) => r.id === id)!;
  expect(run.state).toBe('running');
  expect(run.step).toBeGreaterThan(first.runs.find((r) => r.id === id)!.step); // it trained while we watched
  expect(await ui.chartPoints('loss', id)).toBeGreaterThan(0); // and the charts drew
  const r = await tasks.since(t0);
  report(`rotation, batch 8, wasm, ${run.step} steps in the ${WATCH_MS / 1000} s watch`, r);
  expect(r.durations.filter((d) => d > BOUND_MS)).toEqual([]);
});

test('ingesting a folder leaves the main thread free: no long task over the bound', async ({ page }) => {
  test.setTimeout(240_000);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pretext-longtasks-'));
  const folder = path.join(tmp, 'tiny');
  try {
    writeTinyJpegs(folder, IMAGES);
    const tasks = await LongTasks.watch(page);
    const lab = new LabPage(page);
    await lab.open('?dataset=none&backend=wasm');
    await lab.waitFor((s) => s.backend !== null);
    // From the input's change event on: the task that dispatches it also holds the browser's own work of
    // building the FileList (thousands of File objects), which no page code can shorten.
    await tasks.markOn(page.getByTestId('folder-input'), 'change');
    await page.getByTestId('folder-input').setInputFiles(folder);
    const s = await lab.waitFor((x) => x.dataset?.name === 'tiny' && x.ingest === null, 180_000);
    expect(s.dataset!.images).toBe(IMAGES);
    await expect(page.getByTestId('thumbnail-grid').locator('canvas').first()).toBeVisible(); // the thumbnails drew
    await page.waitForTimeout(1000); // the first render after the dataset loads is part of the ingest
    const r = await tasks.since(await tasks.marked());
    report(`${IMAGES} JPEGs ingested`, r);
    expect(r.durations.filter((d) => d > BOUND_MS)).toEqual([]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
