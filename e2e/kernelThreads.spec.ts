import { expect, test } from '@playwright/test';
import type { KernelReport } from './harness/kernels.worker';
import { serveHarness, type Harness } from './harness/serve';

// Our gradient kernels shared out over tfjs-wasm's threads (kernels/wasm/kernelThreads.ts), in the production
// build of a harness page (e2e/harness/kernels.html), in real Chromium: every case against the CPU backend.

let harness: Harness;
test.beforeAll(async () => {
  harness = await serveHarness('e2e/harness/kernels.html');
});
test.afterAll(() => harness?.close());

test('our kernels share their images (or floats) with a helper thread per further tfjs-wasm thread and match the CPU backend', async ({
  page,
}) => {
  await page.goto(harness.url);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'one logical core: one thread is all there is');
  const report: KernelReport = await page.evaluate(() => window.kernelHarness());
  expect(report.threads).toBe(Math.min(8, cores));
  expect(report.helpers).toBe(report.threads - 1);
  expect(report.ready).toBe(report.helpers);
  for (const c of report.cases) {
    expect(c.error, c.name).toBeLessThan(1e-4);
    // each shared call: one share per helper, as far as there are images
    expect(c.helperShares, c.name).toBe(c.shared * Math.min(report.helpers, c.images - 1));
  }
  expect(report.stopped).toBeNull();
  expect(report.leaked).toBe(0);
  // a share that traps fails its call with a message; the helpers are given up and the kernels go on, right, on one thread
  expect(report.failure.error).toBe('WASM: a kernel failed on a helper thread');
  expect(report.failure.stopped).toBe('a kernel failed on a helper thread');
  expect(report.failure.after.error).toBeLessThan(1e-4);
  expect(report.failure.after.helperShares).toBe(0);
});
