import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach } from 'vitest';
import type { ImageSet } from '../../core/data/imageSet';
import { methodIds } from '../../core/methods/catalog';
import { tinyConfig, tinySet as coreTinySet, useCpuBackend as cpuBackend } from '../../core/testUtils';
import type { TrainConfig } from '../../core/config';
import { openLocalPort } from '../../worker/localPort';
import { createApp, type App } from './app';
import { resetStore, useStore, type AppState } from './store';
import { parseExperiment } from './urlParams';

/** Tests of the page's services: the real Trainer and TensorFlow.js (CPU backend) in this thread, IndexedDB in memory. */

/** `n` labelled synthetic images at 16 px, 3 classes (on the CPU backend the page's services use here). */
export async function tinySet(n = 24, name = 'tiny'): Promise<ImageSet> {
  await cpuBackend();
  return coreTinySet(n, name);
}

/** A short run that checkpoints often. */
export const quickRun = (overrides: Partial<TrainConfig> = {}) => tinyConfig({ steps: 12, checkpointEvery: 4, ...overrides });

/** A fresh page: empty store, empty storage (unless `keepStorage`: a reload). */
export function freshPage(keepStorage = false): App {
  if (!keepStorage) globalThis.indexedDB = new IDBFactory();
  resetStore();
  return createApp(openLocalPort);
}

/** Boot on the CPU backend without the sample, then put `set` in the worker. */
export async function bootWith(app: App, set?: ImageSet): Promise<void> {
  await app.boot(parseExperiment('?backend=cpu&dataset=none', methodIds).experiment);
  if (set) await app.datasets.use(set, []);
}

/** Wait until the store satisfies `ok`. */
export async function until(ok: (s: AppState) => boolean, what: string, timeoutMs = 60_000): Promise<AppState> {
  const end = Date.now() + timeoutMs;
  while (!ok(useStore.getState())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return useStore.getState();
}

export const runOf = (id: string) => useStore.getState().runs.find((r) => r.id === id);

/** Save what is pending and end the worker (no timers left behind). */
export async function closePage(app: App): Promise<void> {
  await app.persistence.flush();
  app.close();
}

/**
 * A page for each test: booted (with the tiny dataset unless `empty`) before it, saved and closed after it.
 * A test may replace `page.app` (a reload: freshPage(true)); the one there at the end is closed.
 */
export function pagePerTest(empty = false): { app: App } {
  const page = { app: null as unknown as App };
  beforeEach(async () => {
    page.app = freshPage();
    await bootWith(page.app, empty ? undefined : await tinySet());
  });
  afterEach(() => closePage(page.app));
  return page;
}
