import { expect, test } from '@playwright/test';
import { AttentionPage } from './pages/AttentionPage';
import { LabPage } from './pages/LabPage';
import { NextWordStepperPage } from './pages/NextWordStepperPage';
import { TextDatasetPage } from './pages/TextDatasetPage';
import { TextLabPage } from './pages/TextLabPage';
import { TrainingUi } from './pages/TrainingUi';

test("a finished text run's attention: a words × words map per block and head, by keyboard, for the held-out and a typed sentence", async ({
  page,
}, testInfo) => {
  test.setTimeout(360_000); // a text run trained and evaluated, on a shared, loaded machine
  const lab = new LabPage(page);
  const text = new TextDatasetPage(page);
  const textLab = new TextLabPage(page);
  const attention = new AttentionPage(page);
  const stepper = new NextWordStepperPage(page);
  await lab.open('?backend=wasm');
  await lab.waitForDataset();
  await text.loadFolder('text-folder');
  await expect(textLab.card('nextword')).toBeVisible();

  await textLab.startSteps('nextword', 4);
  const done = await lab.waitFor((s) => s.text.runs.some((r) => r.state === 'done' || r.state === 'error'), 170_000);
  expect(done.text.runs[0]).toMatchObject({ state: 'done', error: null });
  await expect(attention.map).toHaveAttribute('data-words', /^\d+$/);
  const words = Number(await attention.map.getAttribute('data-words'));
  expect(words).toBeGreaterThan(2);
  await expect(attention.map.locator('rect[fill-opacity]')).toHaveCount(words * words);
  await expect(attention.row).toContainText('Word 1, “<bos>”, looks at “<bos>” 100 %'); // causal: the first word sees only itself

  // block and head pickers by keyboard
  await attention.press(attention.picker('head'), 'ArrowDown');
  await expect(attention.map).toHaveAttribute('data-head', '1');
  await attention.press(attention.picker('block'), 'ArrowDown');
  await expect(attention.map).toHaveAttribute('data-block', '1');
  await expect(attention.map).toHaveAttribute('data-head', '1');
  // the word that looks moves with the arrows
  await attention.press(attention.grid, 'ArrowRight', 'ArrowRight');
  await expect(attention.row).toContainText('Word 3,');
  await attention.press(attention.grid, 'End');
  await expect(attention.row).toContainText(`Word ${words},`);

  // the typed sentence is the map's too
  await page.waitForTimeout(2500); // a memory reading after the maps above (polled every 2 s)
  const memory = (await lab.status()).memory!.numTensors;
  await stepper.askSentence('You had better look about you');
  await expect(attention.map).toHaveAttribute('data-words', '7');
  await expect(attention.map.locator('text').first()).toHaveText('<bos>');
  await page.waitForTimeout(2500);
  expect((await lab.status()).memory!.numTensors).toBe(memory); // reading attention keeps no tensors

  const ui = new TrainingUi(page);
  await ui.screenshot('text-attention', testInfo, attention.view);
  expect(await ui.seriousA11yViolations()).toEqual([]);
  expect(lab.offOrigin).toEqual([]);
});
