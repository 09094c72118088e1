import { expect, test } from '@playwright/test';
import { createRequire } from 'node:module';

// The design notes' tfjs 4.22 WebGPU traps, in the Chromium the app runs in (SwiftShader's WebGPU here): the traps
// still bite and the workarounds hold. (dataSync's zeros did not reproduce in a small case here, page or worker: that
// rule has no test.) A trap that stops reproducing means the notes, and code written round it, can
// change. Plain tfjs in a page of its own (scripts from node_modules, answered by the test: no network, no app).
const resolve = createRequire(import.meta.url).resolve;
const scripts = ['@tensorflow/tfjs/dist/tf.min.js', '@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js'];
const PAGE = 'http://localhost:4173/__webgpu-traps/';

test.beforeEach(async ({ page }) => {
  await page.route(`${PAGE}**`, (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    const script = scripts.find((s) => s.endsWith(`/${name}`));
    if (script) return route.fulfill({ path: resolve(script), contentType: 'text/javascript' });
    const tags = scripts.map((s) => `<script src="${s.split('/').pop()}"></script>`).join('');
    return route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>traps</title>${tags}` });
  });
  await page.goto(PAGE);
});

interface TfGlobal {
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
}

test('tf.addN of 8 inputs is wrong on WebGPU; addN of 7 and tf.sum(tf.stack) are right', async ({ page }) => {
  const got = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const tf = (window as any).tf;
    const ok: boolean = await (tf as TfGlobal).setBackend('webgpu');
    const xs = Array.from({ length: 8 }, (_, i) => tf.fill([256], i + 1));
    await Promise.all(xs.map((x: { data(): Promise<unknown> }) => x.data()));
    const one = async (make: () => { data(): Promise<Float32Array> }) => (await make().data())[0];
    return {
      ok,
      backend: tf.getBackend(),
      eight: await one(() => tf.addN(xs)),
      seven: await one(() => tf.addN(xs.slice(0, 7))),
      stacked: await one(() => tf.sum(tf.stack(xs), 0)),
    };
  });
  expect(got).toMatchObject({ ok: true, backend: 'webgpu', seven: 28, stacked: 36 });
  expect(got.eight).not.toBe(36);
});

test('an int32 sum over an outer axis fails on WebGPU (wrong values); a float32 one-hot sums right', async ({ page }) => {
  const got = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const tf = (window as any).tf;
    await (tf as TfGlobal).setBackend('webgpu');
    const idx = tf.cast(tf.mod(tf.range(0, 512 * 5), 313), 'int32').reshape([512, 5]);
    await idx.data();
    const count = async (dtype: string) => (await tf.sum(tf.sum(tf.oneHot(idx, 313, 1, 0, dtype), 1)).data())[0];
    return { asInt: await count('int32'), asFloat: await count('float32') };
  });
  expect(got.asFloat).toBe(512 * 5);
  expect(got.asInt).not.toBe(512 * 5);
});

test("a float32 scatterND of unique flat indices (colorization's soft targets) is right on WebGPU", async ({ page }) => {
  const got = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const tf = (window as any).tf;
    await (tf as TfGlobal).setBackend('webgpu');
    const rows = 512,
      bins = 313,
      k = 5; // the soft encoding's shape: k weights per row, each at row·bins + bin
    const at = tf.tensor2d(
      Int32Array.from({ length: rows * k }, (_, i) => Math.floor(i / k) * bins + ((i * 37) % bins)),
      [rows * k, 1],
      'int32',
    );
    const w = tf.tensor1d(Float32Array.from({ length: rows * k }, (_, i) => (i % k) + 1));
    const sum = (await tf.sum(tf.scatterND(at, w, [rows * bins])).data())[0];
    const row0 = Array.from(
      (await tf
        .scatterND(at, w, [rows * bins])
        .slice([0], [bins])
        .data()) as Float32Array,
    ).filter((x) => x !== 0);
    return { sum, row0 };
  });
  expect(got.sum).toBe(512 * 15);
  expect(got.row0.sort()).toEqual([1, 2, 3, 4, 5]);
});
