import { expect, test } from '@playwright/test';
import { methodInfos as methods } from '../src/core/methods/catalog';
import { LabPage } from './pages/LabPage';
import { TrainingUi } from './pages/TrainingUi';

test('method cards list every registered method with the experiment link as defaults', async ({ page }, testInfo) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  await lab.open('?methods=rotation,cpc&steps=60&batch=8&seed=7');
  await lab.waitForDataset(2000);

  expect(await ui.cardIds()).toEqual(methods.map((m) => m.id));
  for (const m of methods) await expect(ui.card(m.id)).toContainText(m.summary.slice(0, 40));
  await expect(ui.selectBox('rotation')).toBeChecked();
  await expect(ui.selectBox('cpc')).toBeChecked();
  await expect(ui.selectBox('jigsaw')).not.toBeChecked();
  await expect(ui.trainSelectedButton).toHaveText('Train selected (2)');
  await expect(await ui.param('rotation', 'steps')).toHaveValue('60');
  await expect(await ui.param('cpc', 'batchSize')).toHaveValue('8');
  await expect(await ui.param('cpc', 'seed')).toHaveValue('7');
  await expect(await ui.param('cpc', 'resolution')).toHaveAttribute('readonly', '');
  // a method's own params are rendered from its ParamSpec list, with their defaults
  for (const p of methods.find((m) => m.id === 'jigsaw')!.params) {
    const control = await ui.param('jigsaw', p.key);
    if (typeof p.default === 'boolean') await expect(control).toBeChecked({ checked: p.default });
    else await expect(control).toHaveValue(String(p.default));
  }
  // the sample is labelled and 32 px: supervised may start, and jigsaw's 2×2 grid fits 32 px without a warning
  await expect(ui.startButton('supervised')).toBeEnabled();
  await expect(page.getByTestId('warning-jigsaw')).toHaveCount(0);
  await expect(ui.startButton('jigsaw')).toBeEnabled();

  await ui.screenshot('methods-light', testInfo, ui.methodPanel);
  expect(await ui.seriousA11yViolations()).toEqual([]);
});

test('rotation and CPC train one after the other; curves grow; pause holds the step, resume queues then continues', async ({
  page,
}, testInfo) => {
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  await lab.open('?methods=rotation,cpc&steps=2000&batch=8');
  await lab.waitForDataset(2000);
  for (const m of ['rotation', 'cpc']) await ui.useTinyEncoder(m);
  await ui.trainSelectedButton.click();
  const started = await lab.waitFor((s) => s.runs.length === 2);
  const rot = started.runs.find((r) => r.method === 'rotation')!.id;
  const cpc = started.runs.find((r) => r.method === 'cpc')!.id;
  expect(started.runs.find((r) => r.id === cpc)!.state).toBe('queued'); // one at a time

  // the loss chart gains points while rotation trains
  const first = await ui.waitForChartGrowth('loss', rot, 0);
  await ui.waitForChartGrowth('loss', rot, first);
  expect(await ui.chartPoints('metric', rot)).toBeGreaterThan(0);
  expect(await ui.chartPoints('lr', rot)).toBeGreaterThan(0);
  await expect(page.getByTestId(`throughput-${rot}`)).not.toHaveText('—');

  // pause: the step count stays put for ~2 s; the queued CPC run takes the free slot
  await ui.control('pause', rot);
  await lab.waitFor((s) => s.runs.find((r) => r.id === rot)!.state === 'paused');
  await expect(page.getByTestId(`state-${rot}`)).toHaveText('paused');
  await page.waitForTimeout(500); // the slice in flight when the pause landed may still report its steps
  const held = (await lab.status()).runs.find((r) => r.id === rot)!.step;
  await page.waitForTimeout(2000);
  expect((await lab.status()).runs.find((r) => r.id === rot)!.step).toBe(held);
  await ui.waitForChartGrowth('loss', cpc, await ui.waitForChartGrowth('loss', cpc, 0));

  // resume: rotation queues behind the running CPC run, and moves on once CPC stops
  await ui.control('resume', rot);
  await lab.waitFor((s) => s.runs.find((r) => r.id === rot)!.state === 'queued');
  await ui.control('stop', cpc);
  await lab.waitFor((s) => s.runs.find((r) => r.id === rot)!.step > held, 60_000);

  // stop it too (the rest only looks at the page, and axe is slow next to training on two cores)
  await ui.control('stop', rot);
  await lab.waitFor((s) => s.runs.every((r) => r.state === 'stopped'));
  await expect(page.getByTestId(`resume-${rot}`)).toBeVisible(); // a stopped, unfinished run can go on
  await ui.screenshot('training-light', testInfo, ui.trainingView);

  await page.getByRole('button', { name: /switch to dark theme/i }).click();
  await ui.screenshot('lab-dark', testInfo);
  expect(await ui.seriousA11yViolations()).toEqual([]);

  // under ~900 px the panels stack in one column
  await page.setViewportSize({ width: 700, height: 1000 });
  const dataBox = (await page.getByTestId('dataset-panel').boundingBox())!;
  const methodBox = (await ui.methodPanel.boundingBox())!;
  expect(Math.abs(dataBox.x - methodBox.x)).toBeLessThan(2);
  expect(methodBox.y).toBeGreaterThan(dataBox.y + dataBox.height - 1);
  await ui.screenshot('lab-narrow-dark', testInfo, page, false);
});
