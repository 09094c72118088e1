import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { tinyConfig, tinySet } from '../../core/testUtils';
import type { PortFactory, WorkerEvent } from '../../worker/contract';
import { openLocalPort } from '../../worker/localPort';
import { TrainingWorker } from './trainingWorker';
import { resetStore, useStore } from './store';
import { until } from './testApp';

/** In-thread trainers whose backend start waits for `release()`, from the `from`-th port made (0: every one). */
function gatedInit(from: number): { factory: PortFactory; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  let made = 0;
  const factory: PortFactory = (onEvent) => {
    const port = openLocalPort(onEvent);
    if (made++ >= from) {
      const init = port.init;
      port.init = async (request, threads) => {
        await gate;
        return init(request, threads);
      };
    }
    return port;
  };
  return { factory, release: () => release() };
}

describe('TrainingWorker', () => {
  let worker: TrainingWorker;
  afterEach(() => worker.close());

  it('starts the trainer on the requested backend, and hands out its port only while it runs', async () => {
    resetStore();
    worker = new TrainingWorker(
      (onEvent) => openLocalPort(onEvent),
      () => {},
    );
    expect(() => worker.need()).toThrow(/not running/);
    await worker.connect('cpu');
    expect(useStore.getState().backend?.name).toBe('cpu');
    expect(useStore.getState().backend?.reason.length).toBeGreaterThan(5);
    expect(worker.request).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    worker.close();
    expect(() => worker.need()).toThrow(/not running/);
  });

  it("polls the trainer's memory into the store", async () => {
    resetStore();
    worker = new TrainingWorker(
      (onEvent) => openLocalPort(onEvent),
      () => {},
    );
    await worker.connect('cpu');
    const s = await until((x) => x.memory !== null, 'a memory reading', 10_000);
    expect(s.memory!.numTensors).toBe(tf.memory().numTensors);
    expect(s.memory).toMatchObject({ runs: 0, dataset: false });
    const port = worker.need();
    await port.setDataset(await tinySet());
    await port.start('rotation', tinyConfig({ steps: 1000 }), 'rotation-1');
    await until((x) => x.memory?.runs === 1 && x.memory.dataset, 'the run and the dataset counted', 10_000);
    await port.remove('rotation-1');
    await until((x) => x.memory?.runs === 0, 'the removed run no longer counted', 10_000);
  });

  it("clears the memory reading when its worker ends: a restarted worker's is unknown until it reports", async () => {
    resetStore();
    const { factory, release } = gatedInit(1);
    worker = new TrainingWorker(factory, () => {});
    await worker.connect('cpu');
    await until((x) => x.memory !== null, 'the first worker reporting', 10_000);
    const restarted = worker.connect('cpu');
    expect(useStore.getState().memory).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect(useStore.getState().memory).toBeNull(); // the new worker is not up yet
    release();
    await restarted;
    await until((x) => x.memory !== null, 'the new worker reporting', 10_000);
  });

  it('makes an action taken while the worker starts wait for it, saying what waits', async () => {
    resetStore();
    const { factory, release } = gatedInit(0);
    worker = new TrainingWorker(factory, () => {});
    const started = worker.connect('cpu');
    const waiting = worker.ready('“cats”').then((port) => port.memory());
    await new Promise((r) => setTimeout(r, 50));
    expect(useStore.getState().preparing).toBe('“cats”');
    expect(useStore.getState().backend).toBeNull();
    release();
    await started;
    expect((await waiting).numTensors).toBe(tf.memory().numTensors); // the call went to the started trainer
    expect(useStore.getState().preparing).toBeNull();
  });

  it('an action waiting through a restart goes to the new worker; one after close() fails', async () => {
    resetStore();
    worker = new TrainingWorker(
      (onEvent) => openLocalPort(onEvent),
      () => {},
    );
    void worker.connect('cpu');
    const waiting = worker.ready();
    void worker.connect('cpu'); // replaced before it was up
    const port = await waiting;
    expect(port).toBe(worker.need());
    expect(worker.generation).toBe(2);
    worker.close();
    await expect(worker.ready()).rejects.toThrow(/not running/);
  });

  it('runs a call once more on the new worker when its worker is replaced before it answers (a crash)', async () => {
    resetStore();
    let ports = 0;
    worker = new TrainingWorker(
      (onEvent) => {
        const port = openLocalPort(onEvent);
        if (ports++ === 0) {
          // the first worker never answers, and its pending call fails when it is ended (as a worker port's do)
          let end = (_: Error) => {};
          const ended = new Promise<never>((_, reject) => (end = reject));
          const terminate = port.terminate;
          port.memory = () => ended;
          port.terminate = () => {
            end(new Error('The training worker was stopped.'));
            terminate();
          };
        }
        return port;
      },
      () => {},
    );
    await worker.connect('cpu');
    const answer = worker.call((port) => port.memory());
    await new Promise((r) => setTimeout(r, 20));
    await worker.connect('cpu');
    expect((await answer).numTensors).toBe(tf.memory().numTensors);
    expect(ports).toBe(2);
  });

  it("passes the current worker's events on, and drops a replaced worker's", async () => {
    resetStore();
    const seen: WorkerEvent[] = [];
    const ports: ((e: WorkerEvent) => void)[] = [];
    worker = new TrainingWorker(
      (onEvent) => {
        ports.push(onEvent);
        return openLocalPort(onEvent);
      },
      (e) => seen.push(e),
    );
    await worker.connect('cpu');
    await worker.connect('cpu');
    ports[0]({ type: 'error', message: 'from the old worker' });
    ports[1]({ type: 'error', message: 'from the new worker' });
    expect(seen).toEqual([{ type: 'error', message: 'from the new worker' }]);
  });
});
