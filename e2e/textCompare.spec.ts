import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';
import { TextDatasetPage } from './pages/TextDatasetPage';
import { TextLabPage } from './pages/TextLabPage';

/** Every "beats" claim's p-value in the verdict is below 5 %. */
function claimsAreSignificant(lines: string[]): boolean {
  return lines.filter((l) => / beats? /.test(l)).every((l) => [...l.matchAll(/p (<|=) (0\.\d+)/g)].every((m) => Number(m[2]) < 0.05));
}

test('text runs compare as image runs do: intervals, the label sweep, perplexity beside the bigram, the scratch baseline and an honest verdict', async ({
  page,
}) => {
  test.setTimeout(600_000); // three tiny trainings and eight evaluations of the text sample on a shared 2-core machine
  const lab = new LabPage(page);
  const text = new TextDatasetPage(page);
  const textLab = new TextLabPage(page);
  await lab.open();
  await lab.waitForDataset();
  await text.useSample();

  await textLab.startSteps('nextword', 4);
  await lab.waitFor((s) => s.text.runs.some((r) => r.state === 'done' || r.state === 'error'), 240_000);
  await textLab.startSteps('random', 1);
  const done = await lab.waitFor((s) => s.text.runs.filter((r) => r.state === 'done' || r.state === 'error').length === 2, 240_000);
  expect(done.text.runs.map((r) => [r.method, r.error])).toEqual([
    ['nextword', null],
    ['random', null],
  ]);
  const { compare } = done.text;
  expect(compare.runIds).toEqual(done.text.runs.map((r) => r.id));
  for (const row of compare.rows) {
    expect(row.probe!.low).toBeLessThanOrEqual(row.probe!.accuracy);
    expect(row.probe!.high).toBeGreaterThanOrEqual(row.probe!.accuracy);
    expect(row.knn!.n).toBe(row.probe!.n);
    expect(row.sweep.map((p) => p.perClass)).toEqual([1, 4, 10, 'all']);
    expect(row.sweep.every((p) => p.n === row.probe!.n && p.low <= p.accuracy && p.accuracy <= p.high)).toBe(true);
    expect(row.bigram.low).toBeLessThan(row.bigram.perplexity);
    expect(row.bigram.high).toBeGreaterThan(row.bigram.perplexity);
  }
  const [next, random] = compare.rows;
  expect(next.perplexity!.low).toBeLessThanOrEqual(next.perplexity!.perplexity);
  expect(next.perplexity!.high).toBeGreaterThanOrEqual(next.perplexity!.perplexity);
  expect(random.perplexity).toBeNull();
  expect(compare.verdict[0]).toMatch(/random init \(\d+\.\d %\).* on the same [\d,]+ held-out texts/);
  expect(compare.verdict.join(' ')).toContain('Train the supervised baseline at each budget');
  expect(claimsAreSignificant(compare.verdict)).toBe(true);

  const row = textLab.result(next.runId);
  await expect(row.getByTestId('text-probe')).toHaveText(/^\d+\.\d% \d+\.\d–\d+\.\d$/);
  await expect(row.getByTestId('text-perplexity-interval')).toHaveText(/^\(\d+\.\d–\d+\.\d\)$/);
  await expect(row.getByTestId('text-bigram')).toContainText(next.bigram.perplexity.toFixed(1));
  await expect(textLab.verdict).toContainText('held-out texts');
  await expect(textLab.compare.getByTestId(`efficiency-series-${next.runId}`)).toHaveAttribute('data-budgets', '1,4,10,all');

  // the scratch baseline, started from the page: a point per budget, then the verdict compares against it
  await textLab.startScratch(2);
  const scratched = await lab.waitFor((s) => s.text.compare.scratch !== null, 300_000);
  expect(scratched.text.compare.scratch!.map((p) => p.perClass)).toEqual([1, 4, 10, 'all']);
  expect(scratched.text.compare.scratch!.every((p) => p.n === next.probe!.n)).toBe(true);
  expect(scratched.text.compare.verdict.join(' ')).toMatch(/training from scratch/);
  expect(claimsAreSignificant(scratched.text.compare.verdict)).toBe(true);
  await expect(textLab.scratchStatus).toHaveText('4 budgets done');
  await expect(textLab.compare.getByTestId('efficiency-series-baseline')).toHaveAttribute('data-points', '4');
  expect(lab.offOrigin).toEqual([]);
});
