import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useStore } from './store';
import { pagePerTest, quickRun, runOf, until } from './testApp';

describe('Recovery', () => {
  const page = pagePerTest();

  it('after a worker crash, says so, starts a new worker with the data, and lists live runs as interrupted', async () => {
    await page.app.runs.start('autoencoder', quickRun({ steps: 5000, checkpointEvery: 8, batchSize: 2 }));
    await until((s) => (s.runMeta['autoencoder-1']?.checkpointStep ?? 0) >= 8, 'a checkpoint');
    await page.app.debug.crashWorker();
    const s = await until(() => runOf('autoencoder-1')?.interrupted === true, 'the run to come back interrupted');
    expect(s.errors.at(-1)).toMatch(
      /^The training worker crashed \(Simulated crash \(local\)\)\. Your runs are kept up to their last checkpoint; press Resume/,
    );
    expect(s.backend?.name).toBe('cpu');
    expect(runOf('autoencoder-1')?.state).toBe('stopped');
    const from = s.runMeta['autoencoder-1'].checkpointStep!;
    await page.app.runs.resume('autoencoder-1');
    await until(() => (runOf('autoencoder-1')?.step ?? 0) > from, 'training to continue from the checkpoint');
    expect(useStore.getState().runMeta['autoencoder-1'].onDisk).toBe(false);
  });

  it('after a backend failure (a WASM abort), starts a fresh backend and lists the live run as interrupted', async () => {
    await page.app.runs.start('autoencoder', quickRun({ steps: 5000, checkpointEvery: 8, batchSize: 2 }));
    await until((s) => (s.runMeta['autoencoder-1']?.checkpointStep ?? 0) >= 8, 'a checkpoint');
    const before = page.app.worker.generation;
    await page.app.recovery.backendFailed('Aborted()');
    const s = await until(() => runOf('autoencoder-1')?.interrupted === true, 'the run to come back interrupted');
    expect(s.errors.at(-1)).toMatch(
      /^The CPU backend stopped \(Aborted\(\)\), most likely out of memory; a fresh one starts\. .* press Resume to continue\.$/,
    );
    expect(page.app.worker.generation).toBe(before + 1);
    expect(s.dataset?.images).toBe(24);
  });

  it('stops restarting a worker that keeps crashing', async () => {
    for (let k = 0; k < 3; k++) await page.app.recovery.workerCrashed(`crash ${k + 1}`);
    expect(useStore.getState().errors).toHaveLength(3);
    expect(useStore.getState().backend?.name).toBe('cpu');
    await page.app.recovery.workerCrashed('crash 4');
    expect(useStore.getState().errors.at(-1)).toMatch(
      /^The training worker crashed \(crash 4\)\. It keeps failing, so it is not restarted again/,
    );
  });

  it('switches the backend on request: the data goes to the new worker, runs come back from storage', async () => {
    await page.app.runs.start('random', quickRun());
    await until(() => runOf('random-1')?.state === 'done', 'the run');
    await page.app.recovery.switchBackend('cpu');
    const s = await until((x) => x.backend !== null && x.runs.length === 1, 'the new worker');
    expect(s.runMeta['random-1'].onDisk).toBe(true);
    expect(s.dataset?.images).toBe(24);
  });
});
