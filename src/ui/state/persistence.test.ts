import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CURVE_CHUNK } from '../../storage/db';
import { RunStore } from '../../storage/runStore';
import { savedRun } from '../../storage/testFixtures';
import { useStore } from './store';
import { Persistence } from './persistence';

describe('Persistence', () => {
  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
  });

  it('saves a growing curve chunk by chunk, and a cut-back curve in full', async () => {
    const run = savedRun('rotation-1', CURVE_CHUNK + 5);
    const curve = [...run.curves];
    useStore.setState({
      runs: [run.status],
      curves: { [run.id]: curve },
      runMeta: { [run.id]: { name: run.id, dataset: run.dataset, checkpointStep: null, onDisk: false } },
    });
    const saved = new Persistence();
    saved.mark(run.id);
    await saved.flush();
    const store = await RunStore.open();
    expect((await store.getRun(run.id))?.curves).toEqual(curve);

    // the store appends in place; the next save writes from the last stored chunk on
    curve.push(...savedRun('x', 3).curves.map((p, i) => ({ ...p, step: curve.length + i + 1 })));
    saved.mark(run.id);
    await saved.flush();
    expect((await store.getRun(run.id))?.curves).toEqual(curve);

    // a run reopened from its checkpoint replays: its curve is a new, shorter array
    const cut = curve.slice(0, 7);
    useStore.setState({ curves: { [run.id]: cut } });
    saved.mark(run.id);
    await saved.flush();
    expect((await store.getRun(run.id))?.curves).toEqual(cut);
    store.close();
  });

  it('an import that fails part-way (a full disk) stores none of the zip', async () => {
    useStore.setState({ runs: [], curves: {}, runMeta: {}, errors: [] });
    const saved = new Persistence();
    const runs = [savedRun('jigsaw-1', 2), savedRun('jigsaw-2', 2)];
    const put = IDBObjectStore.prototype.put;
    let puts = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (this.name === 'runs' && ++puts === 2) throw new DOMException('quota', 'QuotaExceededError'); // the second run's record
      return put.apply(this, args);
    };
    try {
      await expect(saved.importBundles(runs.map((run) => ({ run, checkpoint: null })))).rejects.toThrow();
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    const store = await RunStore.open();
    expect(await store.listRuns()).toEqual([]);
  });

  it('a save the browser refuses (quota) is said once with what to delete, keeps what was saved, and is written once a run is deleted', async () => {
    const old = { ...savedRun('cpc-1', 4), status: { ...savedRun('cpc-1').status, id: 'cpc-1', state: 'done' as const } };
    const run = savedRun('rotation-2', 3);
    const meta = (r: typeof run) => ({ name: r.id, dataset: r.dataset, checkpointStep: null, onDisk: false });
    useStore.setState({
      runs: [old.status, run.status],
      curves: { 'cpc-1': old.curves, [run.id]: run.curves },
      runMeta: { 'cpc-1': meta(old), [run.id]: meta(run) },
      errors: [],
    });
    const saved = new Persistence();
    saved.mark('cpc-1');
    saved.mark(run.id);
    await saved.flush();
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    try {
      useStore.getState().curves[run.id].push({ step: 4, loss: 1, lr: 1e-3, metrics: {} });
      saved.mark(run.id);
      await saved.flush();
      saved.mark(run.id);
      await saved.flush();
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    const errors = useStore.getState().errors;
    expect(errors).toHaveLength(1); // said once
    expect(errors[0]).toMatch(
      /^The browser's storage quota is full: run rotation-2 could not be saved .*export .* delete them \(the oldest: cpc-1\)/,
    );
    const store = await RunStore.open();
    expect((await store.getRun(run.id))?.curves).toHaveLength(3); // the last complete save

    await saved.remove('cpc-1'); // room again: the refused save is written
    expect((await store.getRun(run.id))?.curves).toHaveLength(4);
    store.close();
  });
});
