import { expect, test, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MethodId } from '../src/core/methods/catalog';
import { LabPage } from './pages/LabPage';
import { VisualizationPanel } from './pages/VisualizationPanel';

const artifacts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');

async function snapshot(panel: VisualizationPanel, name: string, testInfo: TestInfo): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `viz-${name}.png`);
  // A page-area shot: the element itself is never "stable" while other runs keep growing the page above it.
  await panel.root.scrollIntoViewIfNeeded();
  const clip = await panel.root.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height };
  });
  await panel.page.screenshot({ path: file, fullPage: true, clip });
  await testInfo.attach(`visualization: ${name}`, { path: file, contentType: 'image/png' });
}

/**
 * Train `methods` from a link (a few steps: the views need weights, not accuracy) until one run is done.
 * The others may still be queued behind its evaluation: their panels draw from their current weights.
 */
async function trainAll(lab: LabPage, query: string, methods: MethodId[]): Promise<Record<string, string>> {
  await lab.open(`?methods=${methods.join(',')}&${query}&autostart=1`);
  const s = await lab.waitFor((x) => x.runs.length === methods.length && x.runs.some((r) => r.state === 'done'), 240_000);
  expect(s.runs.filter((r) => r.state === 'error')).toEqual([]);
  return Object.fromEntries(s.runs.map((r) => [r.method, r.id]));
}

/** The panel shows `kind`, and every image of `viewTestId` really has pixels (not blank, not one colour). */
async function expectRealImages(panel: VisualizationPanel, kind: string, viewTestId: string): Promise<void> {
  await expect(panel.root).toHaveAttribute('data-kind', kind);
  const view = panel.view(viewTestId);
  await expect(view).toBeVisible();
  // rows mount a frame apart (useRevealed) and canvases draw in slices (drawQueue): wait for the rows, then every drawing
  await expect.poll(async () => (await panel.canvasColours(view)).length, { message: `${kind} canvases` }).toBeGreaterThan(2);
  await expect
    .poll(async () => (await panel.canvasColours(view)).filter((c) => c.colours <= 1).map((c) => c.label), {
      message: `${kind}: blank canvases`,
    })
    .toEqual([]);
  const canvases = await panel.canvasColours(view);
  expect(Math.max(...canvases.map((c) => c.colours)), `${kind}: some image is a real photo`).toBeGreaterThan(32);
  const filters = await panel.canvasColours(panel.filters);
  expect(filters.length).toBeGreaterThan(0);
  expect(filters.some((f) => f.colours > 1)).toBe(true);
}

test('rotation and CPC runs show their views; the CPC stepper moves with the keyboard and ranks the true patch', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  const ids = await trainAll(lab, 'steps=8&batch=8', ['rotation', 'cpc']);

  const rotation = new VisualizationPanel(page, ids.rotation);
  await expectRealImages(rotation, 'rotation', 'viz-rotation');
  await expect(rotation.view('viz-rotation').getByRole('list').first()).toContainText('%');
  // the view mounts a row per frame (useRevealed) until all are there: six images, four turns each
  await expect(rotation.view('viz-rotation').locator('.viz-tile')).toHaveCount(24);
  await snapshot(rotation, 'rotation', testInfo);

  const cpc = new VisualizationPanel(page, ids.cpc);
  await expectRealImages(cpc, 'cpc', 'viz-cpc');
  expect(await cpc.cpcRank()).toBeGreaterThanOrEqual(1);
  await cpc.cpcStepper.focus();
  const before = await cpc.cpcPosition.textContent();
  await page.keyboard.press('ArrowRight');
  await expect(cpc.cpcPosition).not.toHaveText(before!);
  await expect(cpc.cpcPosition).toContainText('true patch ranked');
  const afterRight = await cpc.cpcPosition.textContent();
  await page.keyboard.press('ArrowUp');
  await expect(cpc.cpcPosition).not.toHaveText(afterRight!);
  await page.keyboard.press(']');
  await expect(cpc.cpcPosition).toContainText('k = 2');
  const rank = await cpc.cpcRank();
  const total = Number((await cpc.cpcPosition.textContent())!.match(/ranked \d+ of (\d+)/)![1]);
  expect(rank).toBeGreaterThanOrEqual(1);
  expect(rank).toBeLessThanOrEqual(total);
  const cells = await cpc.root.getByTestId('cpc-heatmap').locator('.cpc-heat__cell').count(); // G·G
  expect(total % cells).toBe(0); // N = B·G·G candidates: every patch of every image in the batch
  expect(total).toBeGreaterThan(cells);
  await expect(cpc.root.getByTestId('cpc-candidates').locator('li')).toHaveCount(9);
  await snapshot(cpc, 'cpc', testInfo);
});

test('colorization, autoencoder and supervised runs show their images', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  const ids = await trainAll(lab, 'steps=6&batch=8', ['colorization', 'autoencoder', 'supervised']);
  const cases = [
    ['colorization', 'colorization', 'viz-colorization'],
    ['autoencoder', 'reconstruction', 'viz-reconstruction'],
    ['supervised', 'classification', 'viz-classification'],
  ] as const;
  for (const [method, kind, testId] of cases) {
    const panel = new VisualizationPanel(page, ids[method]);
    await expectRealImages(panel, kind, testId);
    await snapshot(panel, kind, testInfo);
  }
});

test('jigsaw (2×2 at 32 px) and contrastive pairs show their puzzles, views and similarity table', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  const ids = await trainAll(lab, 'steps=4&batch=8', ['jigsaw', 'simclr']);
  const jigsaw = new VisualizationPanel(page, ids.jigsaw);
  await expectRealImages(jigsaw, 'jigsaw', 'viz-jigsaw');
  await expect(jigsaw.view('viz-jigsaw')).toContainText(/✓ right|✗ wrong/);
  await expect(jigsaw.view('viz-jigsaw').getByRole('img', { name: 'Puzzle 1, tile 4 as shown' })).toHaveCount(1); // 4 tiles: a 2×2 grid
  await snapshot(jigsaw, 'jigsaw', testInfo);

  const pairs = new VisualizationPanel(page, ids.simclr);
  await expectRealImages(pairs, 'contrastive', 'viz-contrastive');
  const table = pairs.view('viz-contrastive');
  await expect(table.locator('tbody td')).toHaveCount(36); // 6 photos: every first view against every second view
  await expect(table.locator('.viz-similarity__pair')).toHaveCount(6);
  await expect(table).toContainText(/Here it does for \d of 6\./);
  await snapshot(pairs, 'contrastive', testInfo);
});
