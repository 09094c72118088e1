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
  for (const re of expected) expect(s.errors.some((e) => re.test(e)), `${re} in ${JSON.stringify(s.errors)}`).toBe(true);
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
