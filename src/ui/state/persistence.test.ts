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
    useStore.setState({ runs: [run.status], curves: { [run.id]: curve }, saved: { [run.id]: { name: run.id, dataset: run.dataset, checkpointStep: null, onDisk: false } } });
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
});
