import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

test('the sample grows by its 10,000 unlabelled photos in the background; a run started meanwhile waits for them', async ({ page }) => {
  test.setTimeout(240_000);
  const lab = new LabPage(page);
  await lab.open('?methods=rotation&steps=4&batch=8&autostart=1&pool=sample');
  // the labelled sample first: the page is usable before the pool is in
  const first = await lab.waitFor((s) => s.dataset !== null);
  expect(first.dataset!.classes).toHaveLength(10);
  // the autostarted run appears only once the pool has joined: record the dataset size at that moment
  const imagesWhenRunAppeared = await page.evaluate(async () => {
    for (;;) {
      const s = window.pretext.status();
      if (s.runs.length > 0) return s.dataset?.images;
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  expect(imagesWhenRunAppeared).toBe(12_000);
  const s = await lab.waitFor((x) => x.runs.length === 1 && x.runs[0].state === 'done');
  expect(s.dataset!.split).toEqual({ train: 11_600, test: 400 }); // the pool trains; the held-out labelled images stay the same
  expect(s.dataset!.counts.reduce((a, b) => a + b, 0)).toBe(2000);
  await expect(page.getByTestId('dataset-summary')).toContainText('10,000 unlabelled');
  await expect(page.getByTestId('pool-progress')).toHaveCount(0);
  expect(s.errors).toEqual([]);
  expect(lab.offOrigin).toEqual([]);
});

test('without the pool (?pool=none) the sample is its 2,000 labelled photos', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?pool=none');
  const s = await lab.waitForDataset(2000);
  expect(s.dataset!.split).toEqual({ train: 1600, test: 400 });
  await page.waitForTimeout(1500);
  expect((await lab.status()).dataset!.images).toBe(2000);
  await expect(page.getByTestId('pool-progress')).toHaveCount(0);
});
