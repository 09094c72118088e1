import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComparePage } from './pages/ComparePage';
import { LabPage } from './pages/LabPage';
import { Layout } from './pages/Layout';
import { TrainingUi } from './pages/TrainingUi';

// PRETEXT_DOCS_IMAGES=1 also writes the README's "First five minutes" screenshots to docs/images/.
const docsImages = process.env.PRETEXT_DOCS_IMAGES ? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'images') : null;
const docShot = async (page: Page, name: string) => {
  if (docsImages) await page.screenshot({ path: path.join(docsImages, `${name}.png`) });
};

test.use({ viewport: { width: 1280, height: 720 } });

test('a fresh profile is offered the guided experiment; one click ends on a comparison of both runs; dismissed, it stays away', async ({
  page,
}) => {
  test.setTimeout(540_000); // a Quick (~1 min) jigsaw run and two evaluations, on a shared CPU
  const lab = new LabPage(page);
  const compare = new ComparePage(page);
  const layout = new Layout(page);
  await lab.open();
  const guide = page.getByTestId('guide');
  await expect(guide).toContainText('See self-supervision work');
  await lab.waitForDataset();
  await expect(page.getByTestId('guide-start')).toBeEnabled();
  await docShot(page, 'first-open');

  await page.getByTestId('guide-start').click();
  const started = await lab.waitFor((s) => s.runs.length === 2);
  expect(started.runs.map((r) => r.method)).toEqual(['jigsaw', 'random']);
  await expect(page.getByTestId('guide-started')).toBeVisible();
  // the comparison is brought into view
  await expect(page.getByTestId('compare-view').getByRole('heading', { name: 'Compare methods' })).toBeInViewport();
  const [jigsaw, random] = started.runs.map((r) => r.id);
  // while jigsaw trains, random init waits below it, compact, and the queue says so
  await lab.waitFor((s) => s.runs.find((r) => r.id === jigsaw)!.state === 'running');
  expect((await layout.runPanelOrder())[0]).toBe(jigsaw);
  if (docsImages) {
    await page.getByTestId('training-view').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(20_000); // a few seconds of curves and a first picture of what the network sees
    await docShot(page, 'guided-training');
  }

  const done = await lab.waitFor((s) => s.runs.every((r) => r.state === 'done' && r.probe?.accuracy != null), 480_000);
  expect(done.compare.runIds.slice().sort()).toEqual([jigsaw, random].sort());
  await expect(compare.row(jigsaw)).toBeVisible();
  await expect(compare.row(random)).toBeVisible();
  await expect(page.getByTestId('compare-verdict')).toBeVisible();
  if (docsImages) {
    await page.getByTestId('compare-view').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await docShot(page, 'guided-compare');
    await page.getByTestId(`umap-${jigsaw}`).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await docShot(page, 'feature-space');
  }

  await page.getByTestId('guide-dismiss').click();
  await expect(guide).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('guide-show')).toBeVisible();
  await expect(guide).toHaveCount(0);
  await page.getByTestId('guide-show').click();
  await expect(guide).toBeVisible();
});

test('while one run trains and another waits, the training run is the first panel and the queue is summed up', async ({ page }) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  const layout = new Layout(page);
  await lab.open('?methods=rotation,jigsaw&steps=3000&batch=8&autostart=1');
  const s = await lab.waitFor((x) => x.runs.length === 2 && x.runs[0].state === 'running' && x.runs[1].state === 'queued');
  const [running, queued] = s.runs.map((r) => r.id);
  await expect.poll(() => layout.runPanelOrder()).toEqual([running, queued]);
  await expect(page.getByTestId('queue-summary')).toHaveText(/^1 waiting, about \d/);
  // a queued run is one compact line: no empty charts
  await expect(page.getByTestId(`run-${queued}`).locator('.chart')).toHaveCount(0);
  await ui.control('stop', running);
  await ui.control('remove', queued);
});

test('layout: visualizations fill their panel; no horizontal scrolling and no serious axe violations at 1280×720 and 390×844; UMAP is drawn and stable', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  const layout = new Layout(page);
  await lab.open('?methods=rotation&steps=8&batch=8&autostart=1');
  const s = await lab.waitFor((x) => x.runs.length === 1 && x.runs[0].state === 'done' && x.runs[0].probe !== undefined, 240_000);
  const id = s.runs[0].id;

  const rows = page.getByTestId(`viz-${id}`).locator('.viz-rotation__row');
  await expect(rows).toHaveCount(6);
  expect(await layout.coverage(page.getByTestId(`viz-${id}`), rows)).toBeGreaterThanOrEqual(0.8);

  // a card's settings open without leaving a hole: it takes a row of its own
  await ui.param('rotation', 'width');
  const [card, grid] = await Promise.all([ui.card('rotation').boundingBox(), page.locator('.method-grid').boundingBox()]);
  expect(card!.width).toBeGreaterThan(grid!.width * 0.95);

  const umap = page.getByTestId(`umap-${id}`);
  await expect(umap).toHaveAttribute('data-points', String(s.dataset!.split.test));
  const canvas = umap.locator('canvas');
  const before = await layout.canvasPixels(canvas);
  expect(before).not.toBe(await layout.canvasPixels(page.getByTestId(`projection-${id}`).locator('canvas'))); // not the PCA
  await page.getByTestId(`probe-now-${id}`).click();
  await expect(page.getByTestId(`probe-now-${id}`)).toHaveText('Probing…');
  await expect(page.getByTestId(`probe-now-${id}`)).toHaveText('Probe now', { timeout: 120_000 });
  expect(await layout.canvasPixels(canvas)).toBe(before); // same encoder, same seed: the same picture

  for (const size of [
    { width: 1280, height: 720 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(size);
    await expect.poll(() => layout.horizontalOverflow(), { message: `overflow at ${size.width}×${size.height}` }).toBe(0);
    expect(await ui.seriousA11yViolations(), `axe at ${size.width}×${size.height}`).toEqual([]);
    await expect(page.getByTestId('train-selected')).toBeVisible();
  }
  if (docsImages) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await docShot(page, 'phone');
  }
});
