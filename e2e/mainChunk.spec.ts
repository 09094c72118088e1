import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { methodIds } from '../src/core/methods/catalog';
import { LabPage } from './pages/LabPage';
import { TrainingUi } from './pages/TrainingUi';

const assets = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'assets');
/** Names only TensorFlow.js' kernels and backends carry. */
const TFJS_NAMES = ['Conv2DBackpropFilter', 'FusedConv2D', 'BatchMatMul', 'MaxPoolGrad', 'tfjs-backend-wasm'];
const MAIN_CHUNK_LIMIT = 400 * 1024;

const chunk = (prefix: string) => {
  const file = readdirSync(assets).find((f) => f.startsWith(prefix) && f.endsWith('.js'));
  if (!file) throw new Error(`No ${prefix}*.js in dist/assets: build first (npm run test:e2e does).`);
  return path.join(assets, file);
};

test('the built main chunk holds no TensorFlow.js and stays under 400 kB; the training worker holds it', () => {
  const main = chunk('index-');
  const code = readFileSync(main, 'utf8');
  for (const name of TFJS_NAMES) expect(code, `${name} in ${path.basename(main)}`).not.toContain(name);
  const bytes = statSync(main).size;
  test.info().annotations.push({ type: 'main chunk', description: `${(bytes / 1024).toFixed(0)} kB` });
  expect(bytes).toBeLessThanOrEqual(MAIN_CHUNK_LIMIT);
  const worker = readdirSync(assets)
    .filter((f) => f.startsWith('training.worker-') || f.startsWith('dist-'))
    .map((f) => readFileSync(path.join(assets, f), 'utf8'))
    .join('\n');
  for (const name of TFJS_NAMES) expect(worker, `${name} in the worker's chunks`).toContain(name);
});

test('the page paints and lists every method while the training worker (TensorFlow.js) has not loaded', async ({ page }) => {
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  const workerRequests: string[] = [];
  await page.context().route(/\/assets\/training\.worker-[^/]*\.js$/, async (route) => {
    workerRequests.push(route.request().url());
    await held;
    await route.continue();
  });
  const lab = new LabPage(page);
  const ui = new TrainingUi(page);
  await lab.open('?dataset=none');
  expect(await ui.cardIds()).toEqual(methodIds);
  for (const id of methodIds) await expect(ui.card(id)).toBeVisible();
  await expect.poll(() => workerRequests.length).toBe(1); // the worker was asked for, and is still held back
  expect((await lab.status()).backend).toBeNull();
  release();
  const s = await lab.waitFor((x) => x.backend !== null);
  expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(s.backend!.name);
});
