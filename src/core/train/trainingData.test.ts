import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImageSet } from '../data/imageSet';
import { tinyConfig, tinySet, useCpuBackend } from '../testUtils';
import { Trainer } from './trainer';

describe("the Trainer's dataset", () => {
  beforeAll(useCpuBackend);

  it('grows the dataset by unlabelled images without moving the held-out split or disturbing a running run', async () => {
    const trainer = new Trainer(() => {});
    const set = await tinySet();
    const before = trainer.setDataset(set);
    const testBefore = trainer.trainingData!.test.slice();
    const running = trainer.start('rotation', tinyConfig({ steps: 40 }));
    const pool = 8;
    const size = 16 * 16 * 3;
    const grown: ImageSet = {
      ...set,
      pixels: Uint8Array.from({ length: (24 + pool) * size }, (_, i) => (i < 24 * size ? set.pixels[i] : (i * 7) % 256)),
      labels: Int32Array.from([...set.labels, ...new Array<number>(pool).fill(-1)]),
    };
    expect(trainer.extendDataset(grown)).toEqual({ train: before.train + pool, test: before.test });
    expect(Array.from(trainer.trainingData!.test)).toEqual(Array.from(testBefore));
    expect(Array.from(trainer.trainingData!.train.slice(-pool))).toEqual(Array.from({ length: pool }, (_, k) => 24 + k));
    const later = trainer.start('rotation', tinyConfig({ steps: 4 }));
    await trainer.idle();
    expect(trainer.statuses().map((s) => s.state)).toEqual(['done', 'done']);
    expect([running.id, later.id].every((id) => trainer.statuses().find((s) => s.id === id)!.probe?.accuracy !== null)).toBe(true);
    // anything but the current dataset followed by unlabelled images is refused
    expect(() => trainer.extendDataset({ ...grown, labels: Int32Array.from(grown.labels, (l, i) => (i === 30 ? 1 : l)) })).toThrow(
      'followed by unlabelled images',
    );
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(0);
  });

  it('streams a 50,000-image dataset from its byte buffer: device memory stays far below the float32 set', async () => {
    const n = 50_000;
    const r = 32;
    const pixels = new Uint8Array(n * r * r * 3);
    for (let i = 0; i < pixels.length; i += 97) pixels[i] = i % 251;
    const labels = Int32Array.from({ length: n }, (_, i) => (i < 60 ? i % 3 : -1)); // a few labelled, the rest a pool
    const trainer = new Trainer(() => {});
    const before = tf.memory().numBytes;
    expect(trainer.setDataset({ name: 'big', resolution: r, pixels, labels, classNames: ['a', 'b', 'c'] })).toEqual({
      train: n - 12,
      test: 12,
    });
    expect(trainer.trainingData!.images.onDevice).toBe(false);
    trainer.start('rotation', tinyConfig({ resolution: r, steps: 3 }));
    await trainer.idle();
    expect(trainer.statuses()[0].state).toBe('done');
    expect(tf.memory().numBytes - before).toBeLessThan(50 * 2 ** 20); // the float32 set would be 614 MB
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(0);
  });
});
