import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalTrainingClient } from '../../worker/localClient';
import type { WorkerEvent } from '../../worker/protocol';
import { Connection } from './connection';
import { resetStore, useStore } from './store';
import { until } from './testApp';

describe('Connection', () => {
  let connection: Connection;
  afterEach(() => connection.close());

  it('starts the trainer on the requested backend, and hands out its port only while it runs', async () => {
    resetStore();
    connection = new Connection((onEvent) => new LocalTrainingClient(onEvent), () => {});
    expect(() => connection.need()).toThrow(/not running/);
    await connection.connect('cpu');
    expect(useStore.getState().backend?.name).toBe('cpu');
    expect(useStore.getState().backend?.reason.length).toBeGreaterThan(5);
    expect(connection.request).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    connection.close();
    expect(() => connection.need()).toThrow(/not running/);
  });

  it("polls the trainer's memory into the store", async () => {
    resetStore();
    connection = new Connection((onEvent) => new LocalTrainingClient(onEvent), () => {});
    await connection.connect('cpu');
    const s = await until((x) => x.memory !== null, 'a memory reading', 10_000);
    expect(s.memory!.numTensors).toBe(tf.memory().numTensors);
  });

  it("passes the current worker's events on, and drops a replaced worker's", async () => {
    resetStore();
    const seen: WorkerEvent[] = [];
    const ports: ((e: WorkerEvent) => void)[] = [];
    connection = new Connection((onEvent) => {
      ports.push(onEvent);
      return new LocalTrainingClient(onEvent);
    }, (e) => seen.push(e));
    await connection.connect('cpu');
    await connection.connect('cpu');
    ports[0]({ type: 'error', message: 'from the old worker' });
    ports[1]({ type: 'error', message: 'from the new worker' });
    expect(seen).toEqual([{ type: 'error', message: 'from the new worker' }]);
  });
});
