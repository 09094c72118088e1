import { expect, test } from '@playwright/test';
import { MAX_EPOCHS } from '../src/core/budget';
import { methodInfos } from '../src/core/methods/catalog';
import { LabPage } from './pages/LabPage';
import { TrainingUi } from './pages/TrainingUi';

const trainable = methodInfos.filter((m) => m.trainable).map((m) => m.id);

test('each card shows its estimate before Start; the length menu sets the steps the run gets', async ({ page }) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  await lab.open('?backend=wasm');
  const { dataset } = await lab.waitForDataset(2000);
  const train = dataset!.split.train;

  // before any Start: an estimate for every trainable method, in the status API and on its card
  const before = await lab.waitFor((s) => Object.keys(s.estimates).length === trainable.length);
  expect(Object.keys(before.estimates).sort()).toEqual([...trainable].sort());
  for (const id of trainable) {
    expect(before.estimates[id]).toBeGreaterThan(0);
    await expect(ui.estimate(id)).toHaveText(/^≈ .+ · [\d,]+ steps · [\d.,]+ epochs/);
  }
  expect(before.runs).toEqual([]);

  // the default (standard, ~5 min) resolves to more steps than quick (~1 min), and the steps field follows
  await expect(ui.budget('rotation')).toHaveValue('standard');
  const standard = await ui.plannedSteps('rotation');
  await expect(await ui.param('rotation', 'steps')).toHaveValue(String(standard));
  await ui.budget('rotation').selectOption('quick');
  await expect.poll(() => ui.plannedSteps('rotation')).toBeLessThan(standard);
  const quick = await ui.plannedSteps('rotation');
  await expect(await ui.param('rotation', 'steps')).toHaveValue(String(quick));
  expect((await lab.status()).estimates.rotation).toBeLessThan(before.estimates.rotation!);

  // epochs: passes over the training split, not capped
  await ui.budget('rotation').selectOption('epochs');
  await page.getByTestId('budget-rotation-epochs').fill('2');
  await expect.poll(() => ui.plannedSteps('rotation')).toBe(Math.ceil((2 * train) / 32));
  await page.getByTestId('budget-rotation-epochs').fill(String(MAX_EPOCHS * 3));
  await expect.poll(() => ui.plannedSteps('rotation')).toBe(Math.ceil((MAX_EPOCHS * 3 * train) / 32));

  // typing steps replaces the budget, and says so
  await ui.setParam('rotation', 'steps', 40);
  await expect(ui.budget('rotation')).toHaveValue('steps');
  await expect(ui.budget('rotation').locator('option:checked')).toHaveText('custom steps');
  await expect.poll(() => ui.plannedSteps('rotation')).toBe(40);

  // the run gets the resolved steps in its config (what status, export and a re-run reproduce)
  await ui.budget('jigsaw').selectOption('epochs');
  await page.getByTestId('budget-jigsaw-epochs').fill('1');
  const steps = Math.ceil(train / 32);
  await expect.poll(() => ui.plannedSteps('jigsaw')).toBe(steps);
  await ui.startTiny('jigsaw');
  const started = await lab.waitFor((s) => s.runs.length === 1);
  expect(started.runs[0].steps).toBe(steps);
});

test("a link's steps= overrides the budget and is named on the card", async ({ page }) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  await lab.open('?backend=wasm&steps=60');
  await lab.waitForDataset(2000);
  await expect(ui.budget('simclr').locator('option:checked')).toHaveText('steps=60 from the link');
  await expect.poll(() => ui.plannedSteps('simclr')).toBe(60);
  await expect.poll(async () => (await lab.status()).estimates.simclr ?? 0).toBeGreaterThan(0);
  // Train selected says how long its methods take together
  await ui.selectBox('simclr').check();
  await expect(page.getByTestId('train-selected-estimate')).toHaveText(/^≈ \d+ s in all$/);
  // "every run's length" switches every card to a budget
  await page.getByTestId('budget-all').selectOption('quick');
  for (const id of trainable) await expect(ui.budget(id)).toHaveValue('quick');
  await expect.poll(() => ui.plannedSteps('simclr')).not.toBe(60);
});

test('a folder opened from a ?res=64 link is decoded at 64 px, and its estimate is for 64 px', async ({ page }) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  await lab.open('?dataset=none&backend=wasm&res=64');
  await lab.waitFor((s) => s.backend !== null);
  await lab.loadFolder('folder');
  const s = await lab.waitFor(
    (x) => x.dataset !== null && x.dataset.images > 0 && x.ingest === null && Object.keys(x.estimates).length > 0,
  );
  expect(s.dataset!.resolution).toBe(64);
  await expect(await ui.param('cpc', 'resolution')).toHaveValue('64');
});
