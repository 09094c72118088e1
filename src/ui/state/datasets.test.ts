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
    expect(dataset).toMatchObject({ name: 'tiny', images: 30, classes: ['a', 'b', 'c'], counts: [10, 10, 10], resolution: 16, rejected: [{ file: 'x.txt', reason: 'not an image' }] });
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
    expect(useStore.getState().saved['rotation-1'].onDisk).toBe(true);

    await page.app.connection.connect('cpu');
    await page.app.datasets.reupload();
    await page.app.runs.start('random', quickRun());
    await until(() => runOf('random-2')?.state === 'done', 'a run on the new worker');
    expect(useStore.getState().dataset?.name).toBe('second');
  });
});
