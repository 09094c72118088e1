import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../storage/runStore';
import { useStore } from './store';
import { bootWith, closePage, freshPage, pagePerTest, quickRun, runOf, tinySet, until } from './testApp';

describe('Runs', () => {
  const page = pagePerTest();

  it('trains a run on the page: status, curve, evaluation, and a saved record with its checkpoint', async () => {
    await page.app.runs.start('rotation', quickRun());
    const id = useStore.getState().runs[0].id;
    expect(id).toBe('rotation-1');
    const s = await until((x) => runOf(id)?.state === 'done' && (x.evaluations[id]?.length ?? 0) > 0, 'the run to finish and be probed');
    expect(s.curves[id].map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(s.runMeta[id]).toMatchObject({ name: id, onDisk: false, dataset: { name: 'tiny', images: 24, resolution: 16 } });
    await until((x) => x.runMeta[id].checkpointStep === 12, 'the last checkpoint to be saved');
    await page.app.persistence.flush();
    const store = await RunStore.open();
    expect((await store.getRun(id))?.status.state).toBe('done');
    expect((await store.getCheckpoint(id))?.step).toBe(12);
    store.close();
  });

  it('pauses, resumes, stops, renames and removes', async () => {
    await page.app.runs.start('autoencoder', quickRun({ steps: 2000 }));
    const id = 'autoencoder-1';
    await until(() => runOf(id)?.state === 'running', 'the run to start');
    await page.app.runs.pause(id);
    await until(() => runOf(id)?.state === 'paused', 'the pause');
    await page.app.runs.resume(id);
    await until(() => runOf(id)?.state === 'running', 'the resume');
    await page.app.runs.stop(id);
    await until(() => runOf(id)?.state === 'stopped', 'the stop');
    await page.app.runs.rename(id, '  my run  ');
    expect(useStore.getState().runMeta[id].name).toBe('my run');
    await page.app.runs.remove(id);
    expect(runOf(id)).toBeUndefined();
    expect(useStore.getState().runMeta[id]).toBeUndefined();
    await expect(page.app.runs.resume(id)).rejects.toThrow(`${id} is no longer listed: it was deleted`);
    const store = await RunStore.open();
    expect(await store.getRun(id)).toBeUndefined();
    store.close();
  });

  it('opens a run kept on disk after a reload, from its checkpoint, only on its own dataset', async () => {
    await page.app.runs.start('autoencoder', quickRun({ steps: 2000, batchSize: 2 }));
    const id = 'autoencoder-1';
    await until((x) => (x.runMeta[id]?.checkpointStep ?? 0) >= 4, 'a checkpoint');
    await closePage(page.app); // the tab closes while the run trains

    page.app = freshPage(true);
    await bootWith(page.app);
    await page.app.datasets.use(await tinySet(30, 'other'), []);
    expect(runOf(id)).toMatchObject({ state: 'stopped', interrupted: true });
    expect(useStore.getState().runMeta[id].onDisk).toBe(true);
    await expect(page.app.runs.open(id)).rejects.toThrow(/was trained on "tiny" \(24 images at 16 px\): load that dataset/);

    await page.app.datasets.use(await tinySet(), []);
    const step = useStore.getState().runMeta[id].checkpointStep!;
    await page.app.runs.open(id);
    expect(useStore.getState().runMeta[id].onDisk).toBe(false);
    expect(runOf(id)).toMatchObject({ state: 'stopped', step });
    expect(Math.max(...useStore.getState().curves[id].map((p) => p.step))).toBeLessThanOrEqual(step);
    await page.app.runs.visualize(id);
    expect(useStore.getState().visualizations[id].view.kind).toBe('reconstruction');
  });

  it("trains a run again at the page's dataset resolution, whatever its settings say", async () => {
    await page.app.runs.start('autoencoder', quickRun({ steps: 2, resolution: 48 })); // e.g. Run again on a run of a 48 px dataset
    await until(() => runOf('autoencoder-1')?.state === 'done', 'the run');
    expect(runOf('autoencoder-1')).toMatchObject({ state: 'done', step: 2, config: { resolution: 16 } });
  });

  it('streams the supervised baseline into the store, one point per label budget', async () => {
    await page.app.runs.scratchBaseline(quickRun({ steps: 4 }));
    const { baseline } = useStore.getState();
    expect(baseline?.running).toBe(false);
    expect(baseline?.points.map((p) => p.perClass)).toEqual([1, 4, 10, 40, 'all']);
  });

  it('a run started while another dataset goes to the worker trains on one of them, recorded as such, never unseen', async () => {
    const other = await tinySet(30, 'other');
    const [id] = await Promise.all([page.app.runs.start('rotation', quickRun({ steps: 10_000 })), page.app.datasets.use(other, [])]);
    const memory = await page.app.worker.call((port) => port.memory());
    const s = useStore.getState();
    const open = s.runs.filter((r) => s.runMeta[r.id]?.onDisk === false).map((r) => r.id);
    expect(memory.runs).toBe(open.length); // the worker holds exactly the runs the page shows open
    if (open.includes(id))
      expect(s.runMeta[id].dataset.name).toBe('other'); // started on the new dataset
    else expect(s.runMeta[id]).toMatchObject({ onDisk: true, dataset: { name: 'tiny' } }); // or on the old one, stopped and saved
    expect(s.runs.map((r) => r.id)).toContain(id);
  });

  it('a run resumed while another dataset goes to the worker meets the saved runs listed with it, not an empty page', async () => {
    const id = await page.app.runs.start('rotation', quickRun({ steps: 10_000 }));
    await until(() => runOf(id)?.state === 'running', 'the run to start');
    await page.app.runs.stop(id);
    await until(() => runOf(id)?.state === 'stopped', 'the stop');
    const [, resumed] = await Promise.allSettled([page.app.datasets.use(await tinySet(30, 'other'), []), page.app.runs.resume(id)]);
    expect(resumed).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/was trained on "tiny"/) } });
    expect(useStore.getState().runMeta[id]).toMatchObject({ onDisk: true, dataset: { name: 'tiny' } });
  });

  it('frees every tensor of its runs when the worker ends', async () => {
    const before = tf.memory().numTensors;
    await page.app.runs.start('rotation', quickRun({ steps: 8 }));
    await until(() => runOf('rotation-1')?.state === 'done', 'the run');
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    page.app.worker.close();
    expect(tf.memory().numTensors).toBe(0);
  });
});
