import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixtures, LabPage } from './pages/LabPage';

test('opens with the sample dataset loaded and a backend chosen', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open();
  const s = await lab.waitForDataset(2000);
  expect(s.dataset!.classes).toHaveLength(10);
  expect(s.dataset!.counts).toEqual(new Array(10).fill(200));
  expect(s.dataset!.resolution).toBe(32);
  expect(s.dataset!.split.train + s.dataset!.split.test).toBe(2000);
  expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(s.backend!.name);
  expect(s.backend!.reason.length).toBeGreaterThan(5);
  await expect(lab.backendBadge).toHaveAttribute('data-backend', s.backend!.name);
  await expect(page.getByTestId('dataset-count')).toHaveText('2,000');
  await expect(page.getByTestId('thumbnail-grid').locator('canvas').first()).toBeVisible();
  expect(lab.offOrigin).toEqual([]);
});

test('loads a folder with labels from sub-folder names, and returns to the sample in one click', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?dataset=none');
  await lab.waitFor((s) => s.backend !== null);
  await lab.loadFolder('folder');
  const s = await lab.waitFor((x) => x.dataset?.name === 'folder');
  expect(s.dataset!.images).toBe(24);
  expect(s.dataset!.classes).toEqual(['airplane', 'automobile', 'bird']);
  expect(s.dataset!.counts).toEqual([8, 8, 8]);
  expect(s.dataset!.rejected).toEqual([]);
  await page.getByTestId('use-sample').click();
  await lab.waitForDataset(2000);
  expect(lab.offOrigin).toEqual([]);
});

test('keeps every good image of a mixed folder and lists every bad file with its reason', async ({ page }) => {
  // path under mixed/ → "ok" or the expected rejection reason (written by fixtures/makeBadFiles.mjs)
  const expected = JSON.parse(readFileSync(path.join(fixtures, 'mixed.expected.json'), 'utf8')) as Record<string, string>;
  const bad = Object.entries(expected).filter(([, outcome]) => outcome !== 'ok');
  const lab = new LabPage(page);
  await lab.open('?dataset=none');
  await lab.waitFor((s) => s.backend !== null);
  await lab.loadFolder('mixed');
  const s = await lab.waitFor((x) => x.dataset?.name === 'mixed');
  expect(s.dataset!.images).toBe(Object.keys(expected).length - bad.length);
  expect(s.dataset!.rejected).toHaveLength(bad.length);
  for (const [file, reason] of bad) {
    const got = s.dataset!.rejected.find((x) => x.file.endsWith(file));
    expect(got, file).toBeDefined();
    expect(got!.reason).toContain(reason);
  }
  await expect(lab.rejectedList).toContainText('truncated.jpg');
});

for (const backend of ['webgpu', 'webgl', 'wasm'] as const) {
  test(`?backend=${backend} takes effect`, async ({ page }) => {
    const lab = new LabPage(page);
    await lab.open(`?backend=${backend}`);
    const s = await lab.waitForDataset(2000);
    expect(s.backend!.name).toBe(backend);
    await expect(lab.backendBadge).toHaveAttribute('data-backend', backend);
    expect(lab.offOrigin).toEqual([]);
  });
}
