import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { TextDatasetPage } from './pages/TextDatasetPage';
import { TrainingUi } from './pages/TrainingUi';

test('the text sample loads with its authors, books and tokenizer card, and passes the axe scan', async ({ page }) => {
  const lab = new LabPage(page);
  const text = new TextDatasetPage(page);
  await lab.open();
  await lab.waitForDataset();
  await text.useSample();
  await expect(text.name).toHaveText('Text sample');
  await expect(text.count).toHaveText('599');
  await expect(text.classRow('austen')).toContainText(/119\s*4/); // 119 paragraphs from 4 novels
  await expect(text.tokenizer).toBeVisible();
  await expect(text.tokenizer.getByTestId('tokenizer-size')).toHaveText('2,000');
  const unknown = Number((await text.tokenizer.getByTestId('tokenizer-unknown').textContent())!.replace('%', ''));
  expect(unknown).toBeGreaterThan(0);
  expect(unknown).toBeLessThan(20);
  await expect(text.tokenizer.getByTestId('tokenizer-example').locator('li')).toHaveCount(12);
  await expect(page.getByTestId('dataset-summary')).toHaveCount(0); // the text view replaces the images'
  expect(await new TrainingUi(page).seriousA11yViolations()).toEqual([]);
  expect(lab.offOrigin).toEqual([]);
  await page.getByTestId('use-sample').click(); // back to the image sample
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await expect(text.summary).toHaveCount(0);
});

test('a text folder: classes from sub-folders, an unlabelled file, and the binary and Latin-1 files in the reject report', async ({
  page,
}) => {
  const lab = new LabPage(page);
  const text = new TextDatasetPage(page);
  await lab.open();
  await lab.waitForDataset();
  await text.loadFolder('text-folder');
  await expect(text.name).toHaveText('text-folder');
  await expect(text.count).toHaveText('10');
  await expect(text.summary).toContainText('3 classes, 1 unlabelled');
  await expect(text.classRow('dickens')).toContainText(/3\s*2/); // latin1.txt rejected: 3 texts from 2 books
  await expect(text.rejected).toContainText('2 files were skipped');
  await expect(text.rejected.getByRole('row', { name: /austen\/scan\.txt/ })).toContainText('binary file, not text');
  await expect(text.rejected.getByRole('row', { name: /dickens\/latin1\.txt/ })).toContainText('not UTF-8 text');
  await expect(text.tokenizer).toBeVisible();
  expect(await new TrainingUi(page).seriousA11yViolations()).toEqual([]);
});

test('one .txt file is split into paragraphs at blank lines', async ({ page }) => {
  const lab = new LabPage(page);
  const text = new TextDatasetPage(page);
  await lab.open();
  await lab.waitForDataset();
  await text.loadFiles('text-single/scarlet.txt');
  await expect(text.name).toHaveText('scarlet.txt');
  await expect(text.count).toHaveText('5');
  await expect(text.summary).toContainText('0 classes, 5 unlabelled');
  await expect(text.tokenizer.getByTestId('tokenizer-example')).toContainText('wonder'); // '"I wonder what…', in tokens
});
