import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { RunsList } from './pages/RunsList';
import { TrainingUi } from './pages/TrainingUi';

/** A tiny rotation run (4 filters, 2 stages) long enough to pass a checkpoint (every 100 steps) mid-run. */
async function startTinyRotation(lab: LabPage, ui: TrainingUi): Promise<string> {
  await lab.waitForDataset(2000);
  await ui.startTiny('rotation');
  const s = await lab.waitFor((st) => st.runs.some((r) => (r.checkpointStep ?? 0) >= 100 && r.state === 'running'));
  return s.runs[0].id;
}

test('a run survives a reload: listed as interrupted with its curves, resumes from its checkpoint', async ({ page }) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  const runs = new RunsList(page);
  await lab.open('?methods=rotation&steps=3000&batch=8');
  const id = await startTinyRotation(lab, ui);
  await runs.rename(id, 'my rotation');

  await page.reload();
  const back = await lab.waitFor((s) => s.dataset !== null && s.runs.length === 1);
  const run = back.runs[0];
  expect(run).toMatchObject({ id, state: 'stopped', interrupted: true, onDisk: true, name: 'my rotation' });
  const cp = run.checkpointStep!;
  expect(cp).toBeGreaterThanOrEqual(100);
  expect(run.points).toBeGreaterThanOrEqual(cp);
  await expect(runs.state(id)).toHaveText('interrupted');
  expect(await ui.chartPoints('loss', id)).toBeGreaterThanOrEqual(cp);

  await runs.resume(id);
  const resumed = await lab.waitFor((s) => s.runs[0].state === 'running' && s.runs[0].step > cp + 8);
  expect(resumed.runs[0].onDisk).toBe(false);
  expect(resumed.runs[0].points).toBe(resumed.runs[0].step); // curves were cut back to the checkpoint, then grew again
  await ui.control('stop', id);
  await lab.waitFor((s) => s.runs[0].state === 'stopped');
  expect(lab.offOrigin).toEqual([]);
});

test('export a run, delete it, import the zip: identical metrics, curves and probe', async ({ page }) => {
  const lab = new LabPage(page);
  const runs = new RunsList(page);
  await lab.open('?methods=rotation&steps=24&batch=8&autostart=1');
  const done = await lab.waitFor(
    (s) => s.runs.length === 1 && s.runs[0].state === 'done' && s.runs[0].probe !== undefined && s.runs[0].checkpointStep === 24,
  );
  const before = done.runs[0];
  const zip = await runs.exportRun(before.id);
  expect(zip.subarray(0, 2).toString()).toBe('PK');

  await runs.remove(before.id);
  await page.goto('/');
  await lab.waitFor((s) => s.dataset !== null);
  expect((await lab.status()).runs).toEqual([]); // nothing left in storage

  await runs.importZip('run.zip', zip);
  const imported = await lab.waitFor((s) => s.runs.length === 1);
  const after = imported.runs[0];
  for (const k of ['id', 'method', 'state', 'step', 'steps', 'loss', 'metrics', 'probe', 'points'] as const)
    expect(after[k]).toEqual(before[k]);
  await expect(page.getByTestId('import-note')).toContainText('Imported 1 run');

  await runs.importZip('evil.zip', Buffer.from('PK\u0003\u0004 not really a zip'));
  await expect(page.getByTestId('error-banner')).toContainText('cannot be imported');
});

test('a worker crash is survived: the page says so and the run resumes from its checkpoint', async ({ page }) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  const runs = new RunsList(page);
  await lab.open('?methods=rotation&steps=3000&batch=8&debug=1');
  const id = await startTinyRotation(lab, ui);
  expect(await page.evaluate(() => typeof window.pretext.debug?.crashWorker)).toBe('function');

  await page.evaluate(() => window.pretext.debug!.crashWorker());
  const after = await lab.waitFor(
    (s) => s.errors.some((e) => e.includes('crashed')) && s.backend !== null && s.runs[0]?.interrupted === true,
  );
  const cp = after.runs[0].checkpointStep!;
  expect(cp).toBeGreaterThanOrEqual(100);
  await expect(page.getByTestId('error-banner')).toContainText('press Resume');

  await runs.resume(id);
  await lab.waitFor((s) => s.runs[0].state === 'running' && s.runs[0].step > cp);
  await ui.control('stop', id);
});

test('the debug hooks exist only with ?debug=1', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  expect(await page.evaluate(() => 'debug' in window.pretext)).toBe(false);
});

test('a lost WebGPU device is survived: the lab moves to WASM and the run carries on', async ({ page }) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  await lab.open('?backend=webgpu&methods=rotation&steps=3000&batch=8&debug=1');
  await lab.waitForDataset(2000);
  await ui.startTiny('rotation');
  const s = await lab.waitFor((st) => st.backend?.name === 'webgpu' && st.runs[0]?.state === 'running' && st.runs[0].step > 0);
  const id = s.runs[0].id;
  expect(await page.evaluate(() => window.pretext.debug!.loseDevice())).toBe(true);
  await lab.waitFor(
    (st) =>
      st.backend?.name === 'wasm' && st.runs[0]?.id === id && st.runs[0].state === 'running' && st.runs[0].step > 0 && !st.runs[0].onDisk,
  );
  expect((await lab.status()).errors.some((e) => e.includes('GPU device was lost'))).toBe(true);
});
