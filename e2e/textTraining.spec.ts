import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { NextWordStepperPage } from './pages/NextWordStepperPage';
import { TextDatasetPage } from './pages/TextDatasetPage';
import { TextLabPage } from './pages/TextLabPage';
import { TrainingUi } from './pages/TrainingUi';

test('next word trains on the text sample in the page: a live perplexity chart beside the bigram, probe with an interval, the stepper and a typed sentence', async ({
  page,
}, testInfo) => {
  const lab = new LabPage(page);
  const text = new TextDatasetPage(page);
  const textLab = new TextLabPage(page);
  const stepper = new NextWordStepperPage(page);
  await lab.open();
  await lab.waitForDataset();
  await text.useSample();
  await expect(text.name).toHaveText('Text sample');
  await expect(page.getByTestId('text-training-note')).toHaveCount(0);
  await expect(textLab.card('maskedword')).toBeVisible();

  await textLab.startSteps('nextword', 30); // a loss read back every 10 steps: 3 points
  const started = (await lab.waitFor((s) => s.text.runs.length > 0)).text.runs[0];
  await expect(textLab.chartRef(started.id, 'bigram')).toHaveCount(1, { timeout: 170_000 }); // from the first point
  await expect.poll(() => textLab.chartPoints(started.id), { timeout: 170_000 }).toBeGreaterThan(1);
  const done = await lab.waitFor((s) => s.text.runs.some((r) => r.state === 'done' || r.state === 'error'), 170_000);
  const run = done.text.runs[0];
  expect(run).toMatchObject({ method: 'nextword', state: 'done', step: 30, error: null });
  expect(run.bigramPerplexity).toBeGreaterThan(1);
  expect(run.heldOutPerplexity).toBeGreaterThan(1);
  expect(run.probe).toBeGreaterThan(0);

  await expect(textLab.run(run.id).getByTestId('text-run-bigram')).toHaveText(run.bigramPerplexity.toFixed(1));
  // the chart: 3 points, and beside the bigram's held-out perplexity the run's own once evaluated (the legend names both)
  await expect(textLab.chart(run.id)).toHaveAttribute('data-points', '3');
  await expect(textLab.chartRef(run.id, 'held-out')).toHaveCount(1);
  await expect(textLab.chart(run.id)).toContainText(`bigram, held-out words: ${run.bigramPerplexity.toFixed(1)}`);
  await expect(textLab.chart(run.id)).toContainText(`this run, held-out words: ${run.heldOutPerplexity!.toFixed(1)}`);
  await expect(textLab.chart(run.id)).toContainText(/held-out words: [\d.]+ \(95 %: [\d.]+–[\d.]+\)/); // each with its interval
  const row = textLab.result(run.id);
  await expect(row.getByTestId('text-bigram')).toContainText(run.bigramPerplexity.toFixed(1));
  await expect(row.getByTestId('text-probe')).toHaveText(/^\d+\.\d% \d+\.\d–\d+\.\d$/);

  // the stepper walks a held-out text by keyboard
  await expect(stepper.position).toContainText('Word 1 of');
  await stepper.press('ArrowRight', 'ArrowRight');
  await expect(stepper.position).toContainText('Word 3 of');
  await expect(stepper.guesses).toHaveCount(5);
  await page.waitForTimeout(2500); // a memory reading taken after the run ended (polled every 2 s)
  const memory = (await lab.status()).memory!.numTensors;

  await stepper.askSentence('It was a dark and stormy night');
  await expect(stepper.sentence).toHaveText(/^\s*___\s*$/); // a new sentence starts at its first word
  await expect(stepper.position).toContainText('Word 1 of 7');
  await stepper.press('End');
  await expect(stepper.sentence).toContainText('it was a dark and'); // then <unk>: "stormy" is not among the sample's 2,000 words
  await expect(stepper.position).toContainText('“night”');

  // guessing made no lasting tensors
  await page.waitForTimeout(2500);
  expect((await lab.status()).memory!.numTensors).toBe(memory);
  const ui = new TrainingUi(page);
  await ui.screenshot('text-training', testInfo, textLab.panel);
  expect(await ui.seriousA11yViolations()).toEqual([]);
  expect(lab.offOrigin).toEqual([]);
});
