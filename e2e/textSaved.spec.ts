import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { RunsList } from './pages/RunsList';
import { TextDatasetPage } from './pages/TextDatasetPage';
import { TextLabPage } from './pages/TextLabPage';

test('a text run is kept: listed again with its result after a reload, exported, deleted and imported back', async ({ page }) => {
  const lab = new LabPage(page);
  const text = new TextDatasetPage(page);
  const textLab = new TextLabPage(page);
  const runs = new RunsList(page);
  await lab.open();
  await lab.waitForDataset();
  await text.useSample();
  await textLab.startSteps('nextword', 4);
  const done = await lab.waitFor((s) => s.text.runs.some((r) => r.state === 'done' || r.state === 'error'), 170_000);
  const run = done.text.runs[0];
  expect(run).toMatchObject({ method: 'nextword', state: 'done', step: 4, error: null });

  await page.reload();
  await lab.waitForDataset();
  await text.useSample();
  const back = await lab.waitFor((s) => s.text.runs.length > 0);
  expect(back.text.runs).toEqual([run]); // its result too (probe, held-out perplexity)
  await expect(textLab.chart(run.id)).toHaveAttribute('data-points', '1'); // and its loss curve (one read-back, at step 4)
  await expect(textLab.result(run.id).getByTestId('text-probe')).toContainText('%');

  const zip = await runs.exportAll();
  await textLab.remove(run.id);
  await expect(textLab.run(run.id)).toHaveCount(0);
  await lab.waitFor((s) => s.text.runs.length === 0);
  await runs.importZip('runs.zip', zip);
  await expect(page.getByTestId('import-note')).toContainText(run.id);
  expect((await lab.waitFor((s) => s.text.runs.length > 0)).text.runs).toEqual([run]);
  await expect(textLab.result(run.id)).toBeVisible();
  await expect(textLab.chart(run.id)).toHaveAttribute('data-points', '1');
  expect(lab.offOrigin).toEqual([]);
});

test('a link trains text methods on the text sample and names the ids it does not know', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('dataset=text&methods=nextword,bogus&autostart=1&steps=3');
  const s = await lab.waitFor((x) => x.text.runs.some((r) => r.state === 'done' || r.state === 'error'), 170_000);
  expect(s.text.runs.map((r) => [r.method, r.state, r.step])).toEqual([['nextword', 'done', 3]]);
  expect(s.errors.some((e) => e.includes('"bogus" is not a method'))).toBe(true);
});
