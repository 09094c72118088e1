import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useStore } from './store';
import { pagePerTest, quickRun, runOf, tinySet, until } from './testApp';

describe('Datasets', () => {
  const page = pagePerTest(true);

  it('puts a dataset in the worker and on the page with its classes, counts, split and rejections', async () => {
    expect(page.app.datasets.resolution).toBe(32); // before any dataset: the experiment's
    const set = await tinySet(30);
    const pixels = set.pixels.slice();
    const back = await page.app.datasets.use(set, [{ file: 'x.txt', reason: 'not an image' }]);
    expect(back!.pixels).toEqual(pixels);
    const { dataset, images } = useStore.getState();
    expect(dataset).toMatchObject({
      name: 'tiny',
      images: 30,
      classes: ['a', 'b', 'c'],
      counts: [10, 10, 10],
      resolution: 16,
      rejected: [{ file: 'x.txt', reason: 'not an image' }],
    });
    expect(dataset!.split.train + dataset!.split.test).toBe(30);
    expect(images).toBe(back);
    expect(page.app.datasets.resolution).toBe(16);
  });

  it('a new dataset clears the previous one’s runs from the page, and a new worker gets the same data again', async () => {
    await page.app.datasets.use(await tinySet(), []);
    await page.app.runs.start('rotation', quickRun({ steps: 4 }));
    await until(() => runOf('rotation-1')?.state === 'done', 'the run');
    await page.app.datasets.use(await tinySet(27, 'second'), []);
    expect(useStore.getState().runs.map((r) => r.id)).toEqual(['rotation-1']); // back from storage, on disk
    expect(useStore.getState().runMeta['rotation-1'].onDisk).toBe(true);

    await page.app.worker.connect('cpu', (port) => page.app.datasets.reupload(port));
    await page.app.runs.start('random', quickRun());
    await until(() => runOf('random-2')?.state === 'done', 'a run on the new worker');
    expect(useStore.getState().dataset?.name).toBe('second');
  });

  it('a new dataset while a run trains: the run is kept at the step it reached, and the page says what resuming needs', async () => {
    await page.app.datasets.use(await tinySet(), []);
    await page.app.runs.start('autoencoder', quickRun({ steps: 5000, checkpointEvery: 1000, batchSize: 2 }));
    await until(() => (runOf('autoencoder-1')?.step ?? 0) > 5, 'some steps');
    await page.app.datasets.use(await tinySet(27, 'second'), []);
    const s = useStore.getState();
    const run = runOf('autoencoder-1')!;
    expect(run).toMatchObject({ state: 'stopped', interrupted: true });
    expect(s.runMeta['autoencoder-1']).toMatchObject({ onDisk: true, checkpointStep: run.step });
    expect(run.step).toBeGreaterThan(5);
    expect(s.errors.at(-1)).toBe(
      `Loading "second" stopped autoencoder-1 at step ${run.step}: it is saved with its weights at that step; to resume it, load "tiny" (24 images at 16 px) again and press Resume.`,
    );

    await page.app.datasets.use(await tinySet(), []);
    await page.app.runs.resume('autoencoder-1');
    await until(() => (runOf('autoencoder-1')?.step ?? 0) > run.step, 'training to go on from that step');
    expect(useStore.getState().curves['autoencoder-1'][run.step - 1].step).toBe(run.step); // the curve has every step, none twice
  });
});
