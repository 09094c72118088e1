import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { runsFromZip } from './runImport';
import { RunStore, StorageFullError } from './runStore';
import { runsToZip, type TextRunBundle } from './runZip';
import { checkpoint, savedRun, savedTextRun } from './testFixtures';

/** Text runs in the `runs` store beside image runs (issue #29), and in the export zip. */
describe('text runs in storage', () => {
  let store: RunStore;
  beforeEach(async () => {
    globalThis.indexedDB = new IDBFactory();
    store = await RunStore.open();
  });

  it('saves a text run with its weights apart from the image runs, reads it whole and deletes it', async () => {
    await store.saveRun(savedRun('rotation-1'));
    await store.saveTextRun(savedTextRun('text-nextword-2'), checkpoint('text-nextword-2', 3));
    expect((await store.listRuns()).map((r) => r.id)).toEqual(['rotation-1']); // the image list never sees a text run
    const [text] = await store.listTextRuns();
    expect(text.status.result!.probe!.correct).toEqual(Uint8Array.from([1, 1, 0, 1]));
    expect(text.curve).toEqual([
      { step: 2, loss: 4.1 },
      { step: 3, loss: 3.5 },
    ]);
    expect(await store.getBundle('text-nextword-2')).toBeUndefined();
    const entry = (await store.getEntry('text-nextword-2')) as TextRunBundle;
    expect(entry.run.dataset.fingerprint).toBe('0123abcd');
    expect(Array.from(entry.checkpoint!.weights['0'].values)).toEqual([1, 2, 3, 4, 5, 3]);
    // ids are shared: a text run's id is taken for every tab
    expect(await store.reserveIds((taken) => [taken.includes('text-nextword-2') ? 'taken' : 'free'])).toEqual(['taken']);
    await store.deleteRun('text-nextword-2');
    expect(await store.listTextRuns()).toEqual([]);
    expect(await store.getCheckpoint('text-nextword-2')).toBeUndefined();
  });

  it('a refused save (quota) keeps the last complete one', async () => {
    await store.saveTextRun(savedTextRun('text-nextword-1'), checkpoint('text-nextword-1', 3));
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'checkpoints') throw new DOMException('quota', 'QuotaExceededError');
      return put.apply(this, args);
    };
    const later = savedTextRun('text-nextword-1');
    try {
      const stopped = { ...later, status: { ...later.status, state: 'stopped' as const, step: 9 } };
      await expect(store.saveTextRun(stopped, checkpoint('text-nextword-1', 9))).rejects.toBeInstanceOf(StorageFullError);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    const b = (await store.getEntry('text-nextword-1')) as TextRunBundle;
    expect([b.run.status.state, b.run.status.step, b.checkpoint?.step]).toEqual(['done', 3, 3]);
  });

  it('travels in the export zip (config.json, its loss curve and weights) and comes back identical; a wrong state is refused', () => {
    const run = savedTextRun('text-nextword-1');
    const zip = runsToZip([
      { run, checkpoint: checkpoint(run.id, 3) },
      { run: savedRun('cpc-2'), checkpoint: null },
    ]);
    const files = unzipSync(zip);
    expect(
      Object.keys(files)
        .filter((n) => n.startsWith('text-') && !n.endsWith('/'))
        .sort(),
    ).toEqual(['text-nextword-1/config.json', 'text-nextword-1/curves.json', 'text-nextword-1/model.json', 'text-nextword-1/weights.bin']);
    const [text, image] = runsFromZip(zip);
    expect(image.run.id).toBe('cpc-2');
    expect(text.run).toEqual({ ...run, savedAt: text.run.savedAt });
    expect(Array.from(text.checkpoint!.weights['0'].values)).toEqual([1, 2, 3, 4, 5, 3]);

    const older = { ...run };
    delete older.curve; // exported before curves were kept: no curves.json
    expect(runsFromZip(runsToZip([{ run: older, checkpoint: null }]))[0].run).toEqual({
      ...older,
      checkpointStep: null,
      savedAt: expect.any(Number),
    });
    const badCurve = runsToZip([{ run: { ...run, curve: [{ step: 1.5, loss: 3 }] }, checkpoint: null }]);
    expect(() => runsFromZip(badCurve)).toThrow(/curves.json has an invalid point/);

    const bad = runsToZip([{ run: { ...run, status: { ...run.status, state: 'training' } }, checkpoint: null }]);
    expect(() => runsFromZip(bad)).toThrow(/kept only once done or stopped, not "training"/);
  });
});
