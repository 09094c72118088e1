import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { TextDatasetPage } from './pages/TextDatasetPage';
import { TextLabPage } from './pages/TextLabPage';

// WebGPU trains text runs (issue #29): headless Chromium's WebGPU is SwiftShader's (e2e/playwright.config.ts). On the
// 1,200-text sample SwiftShader trained 3 steps, but the end-of-run evaluation (every text's features) took minutes on
// a loaded machine: the spec trains on the small fixture folder, every op of training and evaluation the same.
test('on the WebGPU backend a tiny next-word run on a text folder finishes with a finite loss and a result', async ({ page }) => {
  test.setTimeout(360_000); // a text run trained and evaluated, on a shared, loaded machine
  const lab = new LabPage(page);
  const text = new TextDatasetPage(page);
  const textLab = new TextLabPage(page);
  await lab.open();
  await lab.waitForDataset();
  await lab.chooseBackend('webgpu');
  await lab.waitFor((s) => s.backend?.name === 'webgpu');
  await text.loadFolder('text-folder');
  await expect(textLab.card('nextword')).toBeVisible();

  await textLab.startSteps('nextword', 3);
  const done = await lab.waitFor((s) => s.text.runs.some((r) => r.state === 'done' || r.state === 'error'), 170_000);
  const run = done.text.runs[0];
  expect(done.backend!.name).toBe('webgpu');
  expect(run).toMatchObject({ method: 'nextword', state: 'done', step: 3, error: null });
  const loss = Number(await textLab.run(run.id).getByTestId('text-run-loss').textContent());
  expect(Number.isFinite(loss) && loss > 0).toBe(true);
  expect(Number.isFinite(run.heldOutPerplexity)).toBe(true);
  expect(run.heldOutPerplexity).toBeGreaterThan(1);
  expect(run.probe).toBeGreaterThan(0);
  await expect(textLab.result(run.id)).toBeVisible();
  expect(lab.offOrigin).toEqual([]);
});
