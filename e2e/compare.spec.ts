import { expect, test } from '@playwright/test';
import path from 'node:path';
import { fixtures, LabPage } from './pages/LabPage';
import { ComparePage } from './pages/ComparePage';
import { TrainingUi } from './pages/TrainingUi';

const BUDGETS = ['1', '4', '10', '40', 'all'];
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

test('two short runs compare side by side: probe, kNN, label efficiency, projections, details', async ({ page }, testInfo) => {
  test.setTimeout(420_000); // two runs, their evaluations, then five baseline runs, on a CPU backend
  const lab = new LabPage(page);
  const compare = new ComparePage(page);
  await lab.open('?methods=rotation,supervised&steps=20&batch=16&autostart=1');
  const ready = await lab.waitForDataset(2000);
  const { train, test: held } = ready.dataset!.split;
  await expect(compare.view.getByRole('heading', { name: 'Compare methods' })).toBeVisible();
  await expect(page.getByTestId('compare-split')).toContainText(
    `${train.toLocaleString('en-US')} train / ${held.toLocaleString('en-US')} test`,
  );

  const s = await lab.waitFor(
    (x) => x.runs.length === 2 && x.runs.every((r) => r.state === 'done' && r.probe !== undefined && r.probe.accuracy !== null),
    240_000,
  );
  for (const r of s.runs) {
    expect(r.probe!.step).toBe(20);
    expect(r.probe!.accuracy!).toBeGreaterThan(0);
    expect(r.probe!.accuracy!).toBeLessThanOrEqual(1);
    expect(r.probe!.knn!).toBeGreaterThanOrEqual(0);
    expect(r.probe!.sweep!.map((p) => p.perClass)).toEqual([1, 4, 10, 40, 'all']); // the label sweep, in the status API too
    await expect(compare.row(r.id)).toBeVisible();
    await expect(compare.cell('probe', r.id)).toContainText(pct(r.probe!.accuracy!));
    await expect(compare.cell('knn', r.id)).toContainText(pct(r.probe!.knn!));
    await expect.poll(() => compare.efficiencyBudgets(r.id)).toEqual(BUDGETS);
    await expect(compare.projection(r.id)).toHaveAttribute('data-points', String(held));
  }
  await expect(compare.efficiencyChart.locator('.recharts-line')).toHaveCount(2);
  // every label-sweep point says how sure it is: its 95 % interval, as an error bar and in the chart's table and the status
  await expect(compare.efficiencyErrorBars).toHaveCount(2 * BUDGETS.length);
  for (const row of (await lab.status()).compare.rows) {
    expect(row.sweep.map((p) => String(p.perClass))).toEqual(BUDGETS);
    for (const p of row.sweep) {
      expect(p.n).toBe(held);
      expect(p.low).toBeLessThanOrEqual(p.accuracy);
      expect(p.high).toBeGreaterThanOrEqual(p.accuracy);
      expect(p.high - p.low).toBeGreaterThan(0);
      const interval = `${(100 * p.low).toFixed(1)}–${(100 * p.high).toFixed(1)}`;
      await expect(compare.efficiencyPoint(row.runId, String(p.perClass))).toHaveText(`${pct(p.accuracy)} (${interval})`);
    }
    // the peak of the sweep, with its interval, in the table
    const peak = row.sweep.reduce((a, b) => (b.accuracy >= a.accuracy ? b : a));
    expect(row.peak).toEqual(peak);
    await expect(compare.cell('peak', row.runId)).toContainText(`${(100 * peak.low).toFixed(1)}–${(100 * peak.high).toFixed(1)}`);
  }
  await expect(page.getByTestId('loss-overlay')).toHaveAttribute('data-series', '2');
  // the verdict in words asks for the references it is missing
  const verdict = page.getByTestId('compare-verdict');
  await expect(verdict).toContainText('Train the Random init baseline (width 16 · depth 3)');
  await expect(verdict).toContainText('Train the supervised baseline at each budget');

  // sorting by the probe: best first, then reversed; the best value is marked
  const byProbe = [...s.runs].sort((a, b) => b.probe!.accuracy! - a.probe!.accuracy!).map((r) => r.id);
  await page.getByTestId('sort-probe').click();
  await expect(compare.header('probe')).toHaveAttribute('aria-sort', 'descending');
  expect(await compare.rowIds()).toEqual(byProbe);
  await page.getByTestId('sort-probe').click();
  await expect(compare.header('probe')).toHaveAttribute('aria-sort', 'ascending');
  expect(await compare.rowIds()).toEqual([...byProbe].reverse());
  // a column's best is marked only where it is clearly ahead (the verdict's paired test): the page marks what the status reports
  const marked = (await lab.status()).compare.best;
  for (const column of ['probe', 'knn', 'peak']) {
    expect(marked[column].length).toBeLessThanOrEqual(1);
    expect(await compare.markedBest(column, byProbe)).toEqual(marked[column]);
  }

  // details on demand: per-class accuracy and a 10×10 confusion matrix whose counts cover the test split
  const rot = s.runs.find((r) => r.method === 'rotation')!.id;
  const details = await compare.openDetails(rot);
  await expect(details.getByTestId(`per-class-${rot}`).locator('tbody tr')).toHaveCount(10);
  const counts = await details.getByTestId(`confusion-${rot}`).locator('tbody td').allTextContents();
  expect(counts).toHaveLength(100);
  expect(counts.reduce((a, c) => a + Number(c), 0)).toBe(held);

  // probing again adds an evaluation: the probe-over-steps curve appears
  await page.getByTestId(`probe-now-${rot}`).click();
  await expect(details).toContainText('2 evaluations');
  await expect(page.getByTestId(`probe-curve-${rot}`)).toHaveAttribute('data-points', '2');

  // the supervised-from-scratch baseline: one point per budget, dashed beside the runs
  await page.getByTestId('baseline-steps').fill('3');
  await page.getByTestId('baseline-start').click();
  const withBaseline = await lab.waitFor((x) => (x.baseline?.length ?? 0) === BUDGETS.length, 150_000);
  expect(withBaseline.baseline!.map((p) => String(p.perClass))).toEqual(BUDGETS);
  await expect.poll(() => compare.efficiencyBudgets('baseline')).toEqual(BUDGETS);
  await expect(compare.efficiencyChart.locator('.recharts-line')).toHaveCount(3);
  await expect(verdict).toContainText(
    /Pre-training beats training from scratch at|Training from scratch wins at|No clear difference from training from scratch at/,
  );

  await compare.screenshot('compare', testInfo);
  expect(await compare.seriousA11yViolations()).toEqual([]);
  expect(lab.offOrigin).toEqual([]);
});

test('unlabelled images still train; the view says why there is no probe and still draws the projection', async ({ page }) => {
  const lab = new LabPage(page);
  const compare = new ComparePage(page);
  await lab.open('?dataset=none&methods=rotation&steps=4&batch=4&autostart=1');
  await lab.waitFor((s) => s.backend !== null);
  const loose = ['airplane', 'bird'].flatMap((c) => [0, 1, 2, 3].map((k) => path.join(fixtures, 'folder', c, `000${k}.jpg`)));
  await page.getByTestId('files-input').setInputFiles(loose);
  const s = await lab.waitFor((x) => x.runs.length === 1 && x.runs[0].state === 'done' && x.runs[0].probe !== undefined, 120_000);
  expect(s.dataset!.classes).toEqual([]);
  expect(s.runs[0].probe).toMatchObject({ accuracy: null, knn: null });
  await expect(page.getByTestId('compare-reason')).toContainText('Linear probe needs labels: put images in one sub-folder per class');
  await expect(compare.cell('probe', s.runs[0].id)).toHaveText('—');
  await expect(compare.projection(s.runs[0].id)).toHaveAttribute('data-points', String(s.dataset!.split.test));
  await expect(compare.efficiencyChart).toHaveCount(0);
});

test('the comparison holds one dataset at a time: a second folder gets its own, and the picker brings back the first', async ({ page }) => {
  test.setTimeout(420_000);
  const lab = new LabPage(page);
  const compare = new ComparePage(page);
  const ui = new TrainingUi(page);
  await lab.open('?methods=rotation,random&steps=20&batch=16&autostart=1&pool=none');
  const sample = await lab.waitForDataset(2000);
  const held = sample.dataset!.split.test;
  const first = await lab.waitFor(
    (x) => x.runs.length === 2 && x.runs.every((r) => r.state === 'done' && r.probe?.accuracy != null),
    240_000,
  );
  const sampleIds = first.runs.map((r) => r.id).sort();
  expect(first.runs.every((r) => r.dataset?.fingerprint === sample.dataset!.fingerprint)).toBe(true);
  expect(first.compare.dataset?.name).toBe(sample.dataset!.name);
  expect([...first.compare.runIds].sort()).toEqual(sampleIds);
  for (const row of first.compare.rows) {
    // every accuracy says how sure it is: a 95 % interval around it, for the test images behind it
    expect(row.probe!.n).toBe(held);
    expect(row.probe!.low).toBeLessThan(row.probe!.accuracy);
    expect(row.probe!.high).toBeGreaterThan(row.probe!.accuracy);
  }
  expect(first.compare.notice).toBeNull(); // 400 test images
  expect(first.compare.verdict.join(' ')).toMatch(/(beats|below) random init|No clear difference from random init/);

  // a second, small folder: its runs are compared alone, with what 6 test images can resolve
  await lab.loadFolder('folder');
  await lab.waitFor((x) => x.dataset?.name === 'folder');
  await ui.startButton('rotation').click();
  await ui.startButton('random').click();
  const both = await lab.waitFor(
    (x) => x.runs.filter((r) => r.dataset?.name === 'folder' && r.state === 'done' && r.probe?.accuracy != null).length === 2,
    240_000,
  );
  const folderIds = both.runs
    .filter((r) => r.dataset?.name === 'folder')
    .map((r) => r.id)
    .sort();
  expect(both.runs.length).toBe(4); // the sample's runs are still listed (from storage)
  expect(both.compare.dataset?.name).toBe('folder');
  expect([...both.compare.runIds].sort()).toEqual(folderIds);
  await expect.poll(async () => (await compare.rowIds()).sort()).toEqual(folderIds);
  for (const id of folderIds) await expect(compare.projection(id)).toBeVisible();
  for (const id of sampleIds) await expect(compare.projection(id)).toHaveCount(0);
  await expect(page.getByTestId('compare-small-test')).toContainText(`Only ${both.dataset!.split.test} labelled test images`);
  await expect(page.getByTestId('compare-verdict')).toContainText('cross-validated over all 24 labelled images');
  expect(both.compare.rows.every((r) => r.cv?.n === 24)).toBe(true);

  // the picker shows the first dataset's comparison again, as it was measured
  await page.getByTestId('compare-dataset').selectOption({ index: 1 });
  await expect.poll(async () => (await compare.rowIds()).sort()).toEqual(sampleIds);
  await expect(page.getByTestId('compare-elsewhere')).toContainText(sample.dataset!.name);
  await expect(page.getByTestId('projection-grid')).toHaveCount(0);
  const picked = await lab.waitFor((x) => x.compare.dataset?.name === sample.dataset!.name);
  expect(picked.compare.verdict).toEqual(first.compare.verdict);
  expect(await compare.seriousA11yViolations()).toEqual([]);
  expect(lab.offOrigin).toEqual([]);
});
