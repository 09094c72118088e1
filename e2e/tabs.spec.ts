import { expect, test, type Page } from '@playwright/test';
import { readKept, wholeRunProblems } from './chaos/checks';
import { failingStorage, setDiskFull, stallNextCheckpointSave } from './chaos/storageFaults';
import { LabPage } from './pages/LabPage';
import { RunsList } from './pages/RunsList';
import { TrainingUi } from './pages/TrainingUi';

/** Issue #28: two tabs, a full disk, a tab killed mid-save. Issue #26: an import that collides. */

const SHORT = '?backend=wasm&steps=40&batch=8';
const LONG = '?backend=wasm&steps=3000&batch=8';

async function openTab(page: Page, query: string): Promise<{ lab: LabPage; ui: TrainingUi; runs: RunsList }> {
  const lab = new LabPage(page);
  await lab.open(query);
  await lab.waitForDataset(2000);
  return { lab, ui: new TrainingUi(page), runs: new RunsList(page) };
}

test("two tabs training at once keep every run of both; each lists the other's; a run moves between tabs only when not training", async ({
  context,
}) => {
  test.setTimeout(300_000);
  const [a, b] = await Promise.all([openTab(await context.newPage(), SHORT), openTab(await context.newPage(), SHORT)]);
  for (const t of [a, b]) for (const m of ['jigsaw', 'rotation']) await t.ui.useTinyEncoder(m);
  await Promise.all([a, b].map((t) => t.ui.startButton('jigsaw').click())); // the same moment in both tabs
  await Promise.all([a, b].map((t) => t.ui.startButton('rotation').click()));
  const own = await Promise.all(
    [a, b].map(async (t) =>
      (await t.lab.waitFor((s) => s.runs.filter((r) => !r.onDisk && r.state === 'done').length === 2)).runs
        .filter((r) => !r.onDisk)
        .map((r) => r.id),
    ),
  );
  const all = own.flat();
  expect(new Set(all).size).toBe(4); // no id twice across tabs

  await expect.poll(async () => (await readKept(a.lab.page)).runs.map((r) => r.id).sort()).toEqual([...all].sort()); // all four in IndexedDB
  for (const t of [a, b]) await t.lab.waitFor((s) => all.every((id) => s.runs.some((r) => r.id === id))); // each lists the other's
  const third = await openTab(await context.newPage(), SHORT);
  await third.lab.waitFor((s) => s.runs.length === 4 && s.runs.every((r) => r.state === 'done'));
  await third.lab.page.close();

  // a run trained in tab A opens in tab B (A hands it over: it is done there)
  const [fromA] = own[0];
  await b.lab.page.getByTestId(`open-${fromA}`).click();
  await b.lab.waitFor((s) => s.runs.some((r) => r.id === fromA && !r.onDisk));
  await a.lab.waitFor((s) => s.runs.some((r) => r.id === fromA && r.onDisk));

  // a run training in tab A is refused in tab B, which says where it trains; once stopped there, B may take it
  await a.ui.setParam('rotation', 'steps', 3000);
  await a.ui.startButton('rotation').click();
  const long = (await a.lab.waitFor((s) => s.runs.some((r) => !r.onDisk && r.state === 'running' && r.steps === 3000))).runs.find(
    (r) => r.steps === 3000,
  )!.id;
  await expect(b.runs.state(long)).toHaveText('running in another tab');
  await b.lab.page.getByTestId(`delete-${long}`).click();
  await expect(b.lab.page.getByTestId('error-banner')).toContainText(`${long} is training in another tab of the lab`);
  await a.ui.control('stop', long);
  await b.runs.resume(long);
  await b.lab.waitFor((s) => s.runs.some((r) => r.id === long && !r.onDisk && r.state === 'running'));
  await a.lab.waitFor((s) => s.runs.some((r) => r.id === long && r.onDisk));
  await b.ui.control('stop', long);
  expect((await readKept(a.lab.page)).runs).toHaveLength(5);
});

test('a run training in a tab that closes reads "interrupted" in the other tab at once, without a reload, and resumes there', async ({
  context,
}) => {
  test.setTimeout(180_000);
  const [a, b] = await Promise.all([openTab(await context.newPage(), LONG), openTab(await context.newPage(), LONG)]);
  await a.ui.useTinyEncoder('rotation');
  await a.ui.startButton('rotation').click();
  const id = (await a.lab.waitFor((s) => s.runs.some((r) => !r.onDisk && r.state === 'running'))).runs.find((r) => !r.onDisk)!.id;
  await expect(b.runs.state(id)).toHaveText('running in another tab');
  await a.lab.page.close(); // the browser frees the tab's Web Lock on the run
  await expect(b.runs.state(id)).toHaveText('interrupted');
  await b.runs.resume(id);
  await b.lab.waitFor((s) => s.runs.some((r) => r.id === id && !r.onDisk && r.state === 'running'));
  await b.ui.control('stop', id);
});

test('a full disk: the lab says so and what to delete, trains on in memory, loses nothing saved, saves again once there is room', async ({
  page,
}) => {
  await failingStorage(page.context());
  const { lab, ui, runs } = await openTab(page, LONG);
  await ui.startTiny('rotation');
  const id = (await lab.waitFor((s) => (s.runs[0]?.checkpointStep ?? 0) >= 100 && s.runs[0].state === 'running')).runs[0].id;
  await expect(runs.panel.getByTestId('storage-use')).toContainText(/kept in this browser: [\d.]+ MiB of [\d.]+ MiB used/);

  await setDiskFull(page, true);
  const atFull = await readKept(page);
  await expect(page.getByTestId('error-banner')).toContainText(`The browser's storage quota is full: run ${id} could not be saved`);
  await expect(page.getByTestId('error-banner')).toContainText('export the runs you want to keep, then delete them');
  const during = await lab.status();
  await lab.waitFor((s) => s.runs[0].state === 'running' && s.runs[0].step > during.runs[0].step + 100); // training goes on
  expect(await readKept(page)).toEqual(atFull); // nothing saved was lost or changed
  expect(await wholeRunProblems(page)).toEqual([]);

  await setDiskFull(page, false);
  await expect
    .poll(async () => (await readKept(page)).runs[0].checkpointStep ?? 0, { timeout: 60_000 })
    .toBeGreaterThan(atFull.runs[0].checkpointStep ?? 0);
  await ui.control('stop', id);
});

test('a tab killed in the middle of a save: after reload every run is whole (curves, record and weights of one save)', async ({
  context,
}) => {
  const page = await context.newPage();
  await stallNextCheckpointSave(page);
  const { lab, ui } = await openTab(page, LONG);
  await ui.startTiny('rotation');
  await ui.startTiny('jigsaw');
  await lab.waitFor((s) => s.runs.length === 2 && s.runs.every((r) => (r.checkpointStep ?? 0) >= 100));
  const saving = page.waitForEvent('console', { predicate: (m) => m.text().startsWith('pretext-test: saving'), timeout: 60_000 });
  await page.evaluate(() => localStorage.setItem('pretext-test-stall', '1'));
  const [, run, step] = (await saving).text().split(' ').slice(1);
  await page.close(); // while the transaction waits to commit: the tab goes, its renderer with it

  const after = await context.newPage();
  const { lab: lab2 } = await openTab(after, LONG);
  const back = await lab2.waitFor((s) => s.runs.length === 2);
  expect(await wholeRunProblems(after)).toEqual([]);
  const crashed = back.runs.find((r) => r.id === run)!;
  expect(crashed.checkpointStep).toBeLessThan(Number(step)); // the save in flight did not land, not even in part
  for (const r of back.runs) expect(r.checkpointStep).toBeGreaterThanOrEqual(100); // each from its last complete save
});

test('importing a run that exists gives it a new id and a new name: no two rows read the same (issue #26)', async ({ page }) => {
  const { lab, runs } = await openTab(page, '?backend=wasm&steps=12&batch=8&methods=cpc&autostart=1');
  const id = (await lab.waitFor((s) => s.runs.length === 1 && s.runs[0].state === 'done' && s.runs[0].checkpointStep === 12)).runs[0].id;
  const asIs = await runs.exportRun(id);
  await runs.rename(id, 'my cpc');
  const renamed = await runs.exportRun(id);

  await runs.importZip('run.zip', asIs); // its name is its old id: it follows the new id
  const copy = (await lab.waitFor((x) => x.runs.length === 2)).runs.find((r) => r.id !== id)!;
  await expect(page.getByTestId('import-note')).toHaveText(`Imported 1 run: ${copy.id}.`);
  await expect(page.getByTestId(`saved-name-${copy.id}`)).toHaveText(copy.id);

  await runs.importZip('renamed.zip', renamed); // a name a row shows gets a number
  const s = await lab.waitFor((x) => x.runs.length === 3);
  const third = s.runs.find((r) => r.id !== id && r.id !== copy.id)!;
  await expect(page.getByTestId(`saved-name-${third.id}`)).toHaveText('my cpc (2)');
  expect(new Set(s.runs.map((r) => r.id)).size).toBe(3);
  expect(new Set(s.runs.map((r) => r.name)).size).toBe(3);
});
