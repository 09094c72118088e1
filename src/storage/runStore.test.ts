import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../core/train/types';
import { openDB } from 'idb';
import { CURVE_CHUNK, DB_NAME } from './db';
import { RunStore, StorageFullError } from './runStore';
import { checkpoint, savedRun } from './testFixtures';

describe('RunStore (IndexedDB)', () => {
  let store: RunStore;
  beforeEach(async () => {
    globalThis.indexedDB = new IDBFactory(); // a fresh, empty database per test
    store = await RunStore.open();
  });

  it('saves a run with its checkpoint, lists, renames and deletes it', async () => {
    await store.saveRun(savedRun('rotation-1'), checkpoint('rotation-1', 3));
    await store.saveRun(savedRun('cpc-2', 2));
    const runs = await store.listRuns();
    expect(runs.map((r) => r.id).sort()).toEqual(['cpc-2', 'rotation-1']);
    const rot = runs.find((r) => r.id === 'rotation-1')!;
    expect(rot.checkpointStep).toBe(3);
    expect(rot.curves.map((p) => p.loss)).toEqual(savedRun('rotation-1').curves.map((p) => p.loss));
    const cp = await store.getCheckpoint('rotation-1');
    expect(cp?.weights['0'].values).toBeInstanceOf(Float32Array);
    expect(Array.from(cp!.weights['0'].values)).toEqual([1, 2, 3, 4, 5, 3]);

    await store.rename('rotation-1', 'my rotation');
    expect((await store.getRun('rotation-1'))?.name).toBe('my rotation');
    await expect(store.rename('nope', 'x')).rejects.toThrow(/No saved run/);

    await store.deleteRun('rotation-1');
    expect(await store.getRun('rotation-1')).toBeUndefined();
    expect(await store.getCheckpoint('rotation-1')).toBeUndefined();
    expect((await store.listRuns()).map((r) => r.id)).toEqual(['cpc-2']);
  });

  it('writes nothing when part of a save fails (one transaction)', async () => {
    await store.saveRun(savedRun('rotation-1', 2), checkpoint('rotation-1', 2));
    const bad = { ...checkpoint('rotation-1', 3), extra: () => 0 } as unknown as Checkpoint; // cannot be cloned
    await expect(store.saveRun(savedRun('rotation-1', 3), bad)).rejects.toThrow();
    const run = await store.getRun('rotation-1');
    expect(run?.curves).toHaveLength(2); // the run record of the failed save did not land either
    expect(run?.checkpointStep).toBe(2);
    expect((await store.getCheckpoint('rotation-1'))?.step).toBe(2);
  });

  it('keeps the dataset so a reload does not need the folder', async () => {
    expect(await store.loadDataset()).toBeNull();
    const set = {
      name: 'mine',
      resolution: 2,
      pixels: Uint8Array.from({ length: 24 }, (_, i) => i),
      labels: Int32Array.from([0, 1]),
      classNames: ['a', 'b'],
    };
    await store.saveDataset(set, [{ file: 'x.txt', reason: 'not an image' }]);
    const back = await store.loadDataset();
    expect(back?.set.name).toBe('mine');
    expect(Array.from(back!.set.pixels)).toEqual(Array.from(set.pixels));
    expect(Array.from(back!.set.labels)).toEqual([0, 1]);
    expect(back?.rejected).toHaveLength(1);
    await store.clearDataset();
    expect(await store.loadDataset()).toBeNull();
  });

  it('stores long curves in chunks: a save from an offset keeps what came before, a shorter curve drops the rest', async () => {
    const run = savedRun('rotation-1', 2 * CURVE_CHUNK + 10);
    await store.saveRun(run);
    expect((await store.getRun('rotation-1'))?.curves).toEqual(run.curves);
    // a save from the last stored chunk writes only that chunk and the new points
    const grown = {
      ...run,
      curves: [...run.curves, ...savedRun('x', 3).curves.map((p, i) => ({ ...p, step: run.curves.length + i + 1 }))],
    };
    const marked = { ...grown, curves: grown.curves.map((p, i) => (i < 2 * CURVE_CHUNK ? { ...p, loss: -1 } : p)) }; // points before the offset: not written
    await store.saveRun(marked, undefined, 2 * CURVE_CHUNK);
    expect((await store.getRun('rotation-1'))?.curves).toEqual(grown.curves);
    // cut back to fewer points than one chunk (a run replayed from its checkpoint)
    const cut = { ...run, curves: run.curves.slice(0, 5) };
    await store.saveRun(cut);
    expect((await store.listRuns())[0].curves).toEqual(cut.curves);
    await store.deleteRun('rotation-1');
    await store.saveRun(savedRun('rotation-1', 0));
    expect((await store.getRun('rotation-1'))?.curves).toEqual([]); // no chunk of the deleted run is left
  });

  it('moves the curves of a version-1 database into chunks', async () => {
    store.close();
    globalThis.indexedDB = new IDBFactory();
    const v1 = await openDB(DB_NAME, 1, {
      upgrade: (db) => ['runs', 'checkpoints'].forEach((n) => db.createObjectStore(n, { keyPath: n === 'runs' ? 'id' : 'runId' })),
    });
    const old = savedRun('cpc-1', CURVE_CHUNK + 1);
    await v1.put('runs', old);
    v1.close();
    store = await RunStore.open();
    expect((await store.getRun('cpc-1'))?.curves).toEqual(old.curves);
  });

  it('gives out ids once: two connections (two tabs) reserving at the same moment never get the same one', async () => {
    const other = await RunStore.open(); // another tab's connection to the same database
    const next = (base: string) => (taken: string[]) => [`${base}-${Math.max(0, ...taken.map((t) => Number(t.split('-')[1]))) + 1}`];
    const ids = (
      await Promise.all([
        store.reserveIds(next('jigsaw')),
        other.reserveIds(next('jigsaw')),
        store.reserveIds(next('rotation')),
        other.reserveIds(next('rotation')),
      ])
    ).flat();
    expect(new Set(ids).size).toBe(4);
    expect(ids.sort()).toEqual(['jigsaw-1', 'jigsaw-2', 'rotation-3', 'rotation-4']);
    expect(await other.reserveIds(next('cpc'))).toEqual(['cpc-5']); // reserved ids stay taken, though no run is saved yet
    await store.deleteRun('cpc-5');
    expect(await other.reserveIds(next('cpc'))).toEqual(['cpc-5']); // a deleted run's id is free again
    await expect(store.reserveIds(() => ['jigsaw-1'])).rejects.toThrow(); // a picker that repeats one is refused, nothing recorded
    other.close();
  });

  it('a save refused for lack of room keeps the last complete save whole', async () => {
    await store.saveRun(savedRun('rotation-1', 3), checkpoint('rotation-1', 3));
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'checkpoints') throw new DOMException('quota', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      await expect(store.saveRun(savedRun('rotation-1', 7), checkpoint('rotation-1', 7))).rejects.toBeInstanceOf(StorageFullError);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    const b = await store.getBundle('rotation-1');
    expect([b?.run.curves.length, b?.run.checkpointStep, b?.checkpoint?.step]).toEqual([3, 3, 3]); // the curves, record and weights of one save
  });

  it('turns a quota failure into a clear StorageFullError', () => {
    const e = new StorageFullError('run rotation-1');
    expect(e.message).toMatch(/quota is full.*rotation-1.*saved before is kept whole/);
  });
});
