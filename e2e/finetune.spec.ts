import { expect, test } from '@playwright/test';
import path from 'node:path';
import { ComparePage } from './pages/ComparePage';
import { fixtures, LabPage } from './pages/LabPage';

const BUDGETS = ['1', '4', '10', '40', 'all'];

test('finetune=1 fine-tunes an autostarted run once probed: its line on the chart, its column, and the Classify panel uses it', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const lab = new LabPage(page);
  const compare = new ComparePage(page);
  await lab.open('?dataset=none&methods=rotation&steps=4&batch=8&autostart=1&finetune=1&ftsteps=3');
  await lab.loadFolder('folder');
  const s = await lab.waitFor(
    (x) => x.runs.length === 1 && (x.runs[0].probe?.sweep?.every((p) => typeof p.finetune === 'number') ?? false),
    90_000,
  );
  const run = s.runs[0];
  expect(run.probe!.sweep!.map((p) => p.perClass)).toEqual([1, 4, 10, 40, 'all']);
  for (const p of run.probe!.sweep!) expect(p.finetune!).toBeGreaterThanOrEqual(0);
  expect(run.probe!.sweep!.every((p) => p.semi === undefined)).toBe(true);

  await expect.poll(() => compare.efficiencyBudgets(`${run.id}-finetune`)).toEqual(BUDGETS);
  await expect(page.getByTestId(`compare-finetune-${run.id}`)).toContainText('%');
  const row = (await lab.status()).compare.rows.find((r) => r.runId === run.id)!;
  expect(row.finetune!.n).toBe(s.dataset!.split.test);

  const panel = page.getByTestId('classify-panel');
  await panel.getByTestId('classify-kind').selectOption('finetune');
  await panel
    .getByTestId('classify-files')
    .setInputFiles([path.join(fixtures, 'folder/airplane/0000.jpg'), path.join(fixtures, 'folder/bird/0001.jpg')]);
  await expect(panel.getByTestId('classify-result')).toHaveCount(2);
  const first = await panel.getByTestId('classify-result').first().getByTestId('classify-class').allTextContents();
  expect(first).toHaveLength(3);
  expect(first.every((t) => /^(airplane|automobile|bird) \d+\.\d%$/.test(t))).toBe(true);
  const counts = await panel.getByTestId('classify-confusion').locator('tbody td').allTextContents();
  expect(counts.reduce((a, c) => a + Number(c), 0)).toBe(s.dataset!.split.test);
});
