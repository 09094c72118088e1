import { expect, test } from '@playwright/test';
import { serveHarness, type Harness } from './harness/serve';
import { NextWordStepperPage } from './pages/NextWordStepperPage';
import { TrainingUi } from './pages/TrainingUi';

// The stepper on its harness page (e2e/harness/nextWord.tsx: fixed guesses for "hello this is the primer ."), built
// with the app's Vite config and styles: a text run does not feed it in the app yet.
let harness: Harness;
test.beforeAll(async () => {
  harness = await serveHarness('e2e/harness/nextWord.html');
});
test.afterAll(() => harness?.close());

test('the blank moves word by word with ←/→, Home and End; the top guesses, the true word and its rank follow', async ({ page }) => {
  const stepper = new NextWordStepperPage(page);
  await page.goto(harness.url);
  await expect(stepper.position).toContainText('Word 1 of 6');
  await expect(stepper.sentence).toHaveText('___');
  await expect(stepper.trueGuess).toContainText('hello');
  await expect(stepper.rank).toHaveText('5');
  await stepper.press('ArrowRight', 'ArrowRight');
  await expect(stepper.position).toContainText('Word 3 of 6: the true word is “is”');
  await expect(stepper.sentence).toHaveText('hello this ___');
  await expect(stepper.guesses).toHaveCount(5);
  await stepper.press('ArrowRight');
  await expect(stepper.guesses).toHaveCount(4);
  await expect(stepper.trueGuess).toHaveCount(0); // rank 9: not among the top 4
  await expect(stepper.rank).toHaveText('9');
  await stepper.press('End');
  await expect(stepper.sentence).toHaveText('hello this is the primer ___');
  await stepper.press('ArrowRight');
  await expect(stepper.position).toContainText('Word 6 of 6');
  await stepper.press('Home', 'ArrowLeft');
  await expect(stepper.position).toContainText('Word 1 of 6');
  await page.getByRole('button', { name: 'Last word' }).click();
  await expect(stepper.position).toContainText('Word 6 of 6');
  expect(await new TrainingUi(page).seriousA11yViolations()).toEqual([]);
});

test('the sentence box hands the typed sentence to its owner', async ({ page }) => {
  const stepper = new NextWordStepperPage(page);
  await page.goto(harness.url);
  await stepper.askSentence('  It was a dark and stormy night ');
  expect(await page.evaluate(() => window.nextWordHarness.sentences)).toEqual(['It was a dark and stormy night']);
});
