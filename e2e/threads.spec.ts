import { expect, test } from '@playwright/test';
import { LabPage } from './pages/LabPage';

// The WASM backend's threaded build inside the bundled training worker (pthread workers load the unbundled glue).

/** "WASM (SIMD, 2 threads)" → 2; the badge's reason comes from select.ts with the count tfjs-wasm really uses. */
const threadsIn = (reason: string): number => Number(/(\d+) threads?\b/.exec(reason)?.[1] ?? NaN);

/** Waits for the page's one autostarted run to end; it must have finished all `steps` with a finite loss. */
async function expectTrained(lab: LabPage, steps: number): Promise<void> {
  const done = await lab.waitFor((x) => x.runs.length === 1 && ['done', 'error'].includes(x.runs[0].state));
  const run = done.runs[0];
  expect(run.state, run.error).toBe('done');
  expect(run).toMatchObject({ method: 'rotation', step: steps });
  expect(Number.isFinite(run.loss)).toBe(true);
  expect(done.errors).toEqual([]);
}

test('wasm runs on more than one thread when the page is cross-origin isolated and the link asks for them, and trains', async ({
  page,
}) => {
  const lab = new LabPage(page);
  await lab.open('?backend=wasm&threads=8&methods=rotation&steps=3&batch=8&autostart=1');
  const { isolated, cores } = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
  test.skip(cores < 2, 'one logical core: one thread is all there is');
  expect(isolated).toBe(true);
  const s = await lab.waitFor((x) => x.backend !== null);
  expect(s.backend!.name).toBe('wasm');
  const threads = threadsIn(s.backend!.reason);
  expect(threads).toBe(Math.min(8, cores)); // every logical core, up to 8
  expect(s.backend!.threads).toEqual({ requested: 8, used: threads, available: threads });
  await expect(page.getByTestId('backend-reason')).toContainText(
    cores < 8 ? `${threads} threads; 8 asked for, ${threads} can run here` : '8 threads)',
  );
  await expectTrained(lab, 3);
  expect(lab.offOrigin).toEqual([]);
});

test('by default wasm leaves one core to the page; the threads select restarts it on the count picked', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.open('?backend=wasm');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'one logical core: one thread is all there is');
  const available = Math.min(8, cores);
  const s = await lab.waitFor((x) => x.backend?.threads != null);
  expect(s.backend!.threads).toEqual({ requested: 'auto', used: Math.min(available, cores - 1), available });
  if (available === cores) await expect(page.getByTestId('backend-reason')).toContainText(`1 of ${cores} cores left to the page`);
  await page.getByTestId('threads-select').selectOption(String(available));
  const after = await lab.waitFor((x) => x.backend?.threads?.requested === available);
  expect(after.backend!.threads!.used).toBe(available);
  expect(new URL(page.url()).searchParams.get('threads')).toBe(String(available));
  await expect(page.getByTestId('backend-reason')).not.toContainText('left to the page');
  await page.getByTestId('threads-select').selectOption('auto');
  await lab.waitFor((x) => x.backend?.threads?.requested === 'auto');
  expect(new URL(page.url()).searchParams.has('threads')).toBe(false);
});

test('without cross-origin isolation (no COOP/COEP headers) wasm falls back to one thread and says why', async ({ page }) => {
  // A static host that does not send the two headers: strip them from every response.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  const lab = new LabPage(page);
  await lab.open('?backend=wasm&methods=rotation&steps=2&batch=8&autostart=1');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const s = await lab.waitFor((x) => x.backend !== null);
  expect(s.backend!.name).toBe('wasm');
  expect(threadsIn(s.backend!.reason)).toBe(1);
  expect(s.backend!.reason).toContain('not cross-origin isolated');
  await expectTrained(lab, 2);
});

test('when the pthread glue cannot load, wasm starts on one thread instead of hanging', async ({ page }) => {
  await page.route(/\/tfjs-backend-wasm-threaded-simd-[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  const warnings: string[] = [];
  page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
  const lab = new LabPage(page);
  await lab.open('?backend=wasm&methods=rotation&steps=2&batch=8&autostart=1');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const s = await lab.waitFor((x) => x.backend !== null);
  expect(s.backend!.name).toBe('wasm');
  expect(threadsIn(s.backend!.reason)).toBe(1);
  await expectTrained(lab, 2);
  expect(warnings.some((w) => w.includes('WASM runs on one thread'))).toBe(true);
});
