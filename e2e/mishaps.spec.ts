import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { fixtures, LabPage } from './pages/LabPage';
import { RunsList } from './pages/RunsList';
import { TrainingUi } from './pages/TrainingUi';

/** Holds the training worker's script back until the returned function is called (the worker is not up meanwhile). */
async function holdWorker(page: Page): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.context().route(/\/assets\/training\.worker-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('a folder picked before the training worker is up waits for it ("preparing…") and loads', async ({ page }) => {
  const lab = new LabPage(page);
  const release = await holdWorker(page);
  await lab.open('?dataset=none');
  expect((await lab.status()).backend).toBeNull();
  await lab.loadFolder('folder');
  await expect(page.getByTestId('preparing')).toContainText('Preparing the training worker');
  release();
  const s = await lab.waitFor((x) => x.dataset?.name === 'folder');
  expect(s.dataset!.images).toBe(24);
  expect(s.errors).toEqual([]);
  await expect(page.getByTestId('preparing')).toHaveCount(0);
});

test('loose files, the sample and an import before the worker is up: each waits, the last dataset asked for wins', async ({ page }) => {
  const lab = new LabPage(page);
  const runs = new RunsList(page);
  const release = await holdWorker(page);
  await lab.open();
  const files = ['0000.jpg', '0001.jpg', '0002.jpg'].map((f) => path.join(fixtures, 'folder', 'bird', f));
  await page.getByTestId('files-input').setInputFiles(files); // the user's files, asked for before the sample is ready
  await expect(page.getByTestId('preparing')).toBeVisible();
  await runs.importZip('evil.zip', Buffer.from('PK\u0003\u0004 not really a zip')); // checked without the worker
  await expect(page.getByTestId('error-banner')).toContainText('cannot be imported');
  release();
  const s = await lab.waitFor((x) => x.dataset !== null && x.backend !== null);
  expect(s.dataset!.images).toBe(3); // not replaced by the sample the page would have loaded by itself
  await page.waitForTimeout(1500);
  expect((await lab.status()).dataset!.images).toBe(3);
  await page.getByTestId('use-sample').click();
  await lab.waitForDataset(2000);
});

test('bad link parameters are reported, on the page and in status().errors; the fields show their limits', async ({ page }) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  await lab.open('?steps=-5&methods=foo,rotation&res=33&backend=quantum&seed=abc&batch=100000&autostart=maybe&dataset=mine&stesp=3');
  const s = await lab.waitForDataset(2000);
  const expected = [
    /steps=-5 .*smallest.* 1/,
    /methods=foo,rotation: .*"foo"/,
    /res=33 .*32, 48, 64, 96.* 32 px/,
    /backend=quantum .*auto/,
    /seed=abc .*whole number.* 1/,
    /batch=100000 .*largest.* 1,024/,
    /autostart=maybe/,
    /dataset=mine/,
    /"stesp"/,
  ];
  for (const re of expected)
    expect(
      s.errors.some((e) => re.test(e)),
      `${re} in ${JSON.stringify(s.errors)}`,
    ).toBe(true);
  const notes = page.getByTestId('error-banner');
  for (const re of expected) await expect(notes).toContainText(re);
  expect(s.dataset!.resolution).toBe(32);
  expect(s.runs).toEqual([]); // autostart=maybe is not "1": nothing starts

  await expect(await ui.param('rotation', 'steps')).toHaveValue('1'); // what the notice said it used
  await expect(await ui.param('rotation', 'batchSize')).toHaveValue('1024');
  await expect(page.getByTestId('param-rotation-steps-limits')).toHaveText('1 – 1,000,000');
  const steps = await ui.param('rotation', 'steps');
  await steps.fill('0');
  await expect(page.getByTestId('param-rotation-steps-error')).toHaveText('Steps: a whole number from 1 to 1,000,000.');
  await steps.fill('12');
  await expect(page.getByTestId('param-rotation-steps-error')).toHaveCount(0);
});

test('a step that cannot fit the WASM heap is refused, naming the setting to lower; nothing stays allocated and the next run trains', async ({
  page,
}) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  await lab.open('?backend=wasm&batch=100000&methods=rotation&autostart=1');
  const s = await lab.waitFor((x) => x.runs.length === 1 && x.runs[0].state === 'error');
  expect(s.errors.some((e) => e.startsWith('batch=100000 is above the largest allowed'))).toBe(true);
  const refused = s.runs[0];
  expect(refused.error).toMatch(
    /^Rotation needs about [\d.]+ GB per step at batch 1024, 32 px, width 16 and depth 3: more than the WASM backend can hold .*Lower the batch size \(now 1024; at most about [\d,]+ fit\)/,
  );
  expect(refused.step).toBe(0);
  await expect(page.getByTestId(`run-${refused.id}`)).toContainText('Lower the batch size');
  const idle = await lab.waitFor((x) => x.memory !== null);
  expect(idle.memory!.numBytes).toBeLessThan(100e6); // the dataset and a small model: nothing of the refused step

  await ui.setParam('rotation', 'batchSize', 8);
  await ui.setParam('rotation', 'width', 4);
  await ui.startButton('rotation').click();
  const next = await lab.waitFor((x) => x.runs.some((r) => r.id !== refused.id && r.state === 'running' && r.step > 0));
  await ui.control('stop', next.runs.find((r) => r.id !== refused.id)!.id);
});

test('a WASM abort mid-run is recovered: a fresh backend, memory freed, the run resumable, the next run trains', async ({ page }) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  const runs = new RunsList(page);
  await lab.open('?backend=wasm&methods=rotation&steps=3000&batch=8&debug=1');
  await lab.waitForDataset(2000);
  await ui.startTiny('rotation');
  const running = await lab.waitFor((x) => x.runs[0]?.state === 'running' && (x.runs[0].checkpointStep ?? 0) >= 100);
  const id = running.runs[0].id;
  expect(await page.evaluate(() => window.pretext.debug!.abortWasm())).toBe(true);
  const after = await lab.waitFor(
    (x) =>
      x.backend?.name === 'wasm' &&
      x.errors.some((e) => /^The WASM backend stopped \(Aborted\(/.test(e)) &&
      x.runs.some((r) => r.id === id && r.interrupted === true),
  );
  const cp = after.runs.find((r) => r.id === id)!.checkpointStep!;
  await lab.waitFor((x) => x.memory !== null && x.memory.numBytes < 100e6); // a fresh heap: the dataset only
  await runs.resume(id);
  await lab.waitFor((x) => x.runs.some((r) => r.id === id && r.state === 'running' && r.step > cp));
  await ui.control('stop', id);
  await ui.startButton('rotation').click();
  await lab.waitFor((x) => x.runs.some((r) => r.id !== id && r.state === 'running' && r.step > 0));
});

test('a folder dropped while a run trains says what happened and what resuming needs; the run is kept at its step', async ({ page }) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  const runs = new RunsList(page);
  await lab.open('?methods=rotation&steps=3000&batch=8');
  await lab.waitForDataset(2000);
  await ui.startTiny('rotation');
  const s = await lab.waitFor((x) => x.runs[0]?.state === 'running' && x.runs[0].step > 20);
  const id = s.runs[0].id;
  await lab.loadFolder('folder');
  const after = await lab.waitFor((x) => x.dataset?.name === 'folder' && x.runs.some((r) => r.id === id));
  const run = after.runs.find((r) => r.id === id)!;
  expect(run).toMatchObject({ state: 'stopped', interrupted: true, onDisk: true });
  expect(run.checkpointStep).toBe(run.step); // kept at the step it had reached, not at its last periodic checkpoint
  expect(run.step).toBeGreaterThan(20);
  const message = after.errors.at(-1)!;
  expect(message).toContain(`${id}`);
  expect(message).toMatch(/stopped .* step \d+/);
  expect(message).toMatch(/load "CIFAR-10 sample" \(2,000 images at 32 px\) again/);
  await expect(page.getByTestId('error-banner')).toContainText('to resume it');

  await page.getByTestId('use-sample').click();
  await lab.waitFor((x) => x.dataset?.images === 2000 && x.runs.some((r) => r.id === id));
  await runs.resume(id);
  await lab.waitFor((x) => x.runs.some((r) => r.id === id && r.state === 'running' && r.step > run.step));
  await ui.control('stop', id);
});

test('reloading an autostart link does not start it again: the run comes back interrupted, and the page says why', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?methods=rotation&steps=3000&batch=8&autostart=1');
  const s = await lab.waitFor((x) => x.runs.length === 1 && x.runs[0].state === 'running' && x.runs[0].step > 0);
  const id = s.runs[0].id;
  await page.reload();
  await lab.waitFor((x) => x.dataset !== null && x.runs.length >= 1);
  await page.waitForTimeout(2000); // time for a second copy to start, if it were going to
  const back = await lab.status();
  expect(back.runs.map((r) => r.id)).toEqual([id]);
  expect(back.runs[0]).toMatchObject({ state: 'stopped', interrupted: true });
  await expect(page.getByTestId('autostart-note')).toContainText('already started from this link');
  await page.getByTestId('train-selected').click(); // asked for explicitly, it trains again
  await lab.waitFor((x) => x.runs.length === 2 && x.runs.some((r) => r.id !== id && r.state === 'running'));
});
