import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyConfig, tinySet, useCpuBackend } from '../testUtils';
import { finetuneDefaults } from '../config';
import { Trainer } from './trainer';
import type { TrainerEvent } from './types';

const settings = { ...finetuneDefaults, steps: 3, batchSize: 4, frozenSteps: 1, warmupSteps: 0 };

describe('Trainer.finetune and classify', () => {
  beforeAll(useCpuBackend);

  it('fine-tunes a finished run at every budget into its status, keeps the classifier for new images, and frees it with the run', async () => {
    const events: TrainerEvent[] = [];
    const trainer = new Trainer((e) => events.push(e));
    const set = await tinySet();
    trainer.setDataset(set);
    const before = tf.memory().numTensors;
    const run = trainer.start('rotation', tinyConfig({ steps: 4 }));
    await trainer.idle();
    const points = await trainer.finetune(run.id, 'finetune', settings);
    expect(points.map((p) => p.perClass)).toEqual([1, 4, 10, 40, 'all']);
    const sweep = trainer.statuses()[0].probe!.sweep!;
    expect(sweep.map((p) => p.finetune)).toEqual(points.map((p) => p.accuracy));
    expect(sweep.every((p) => p.semi === undefined)).toBe(true);
    const streamed = events.filter((e) => e.type === 'finetune');
    expect(streamed.map((e) => e.type === 'finetune' && e.done)).toEqual([false, false, false, false, true]);

    const image = set.pixels.subarray(0, 16 * 16 * 3);
    const c = await trainer.classify(run.id, 'finetune', image, 1);
    expect(c.classNames).toEqual(['a', 'b', 'c']);
    expect(c.probabilities[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(c.confusion.flat().reduce((a, b) => a + b, 0)).toBe(trainer.trainingData!.test.length);
    await expect(trainer.classify(run.id, 'semi', image, 1)).rejects.toThrow(/no semi-supervised classifier yet/);
    await expect(trainer.classify(run.id, 'probe', image.subarray(1), 1)).rejects.toThrow(/16 × 16 px/);
    expect((await trainer.classify(run.id, 'probe', image, 1)).probabilities).toHaveLength(1);

    trainer.remove(run.id);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('refuses a run still training', async () => {
    const trainer = new Trainer(() => {});
    trainer.setDataset(await tinySet());
    const run = trainer.start('rotation', tinyConfig({ steps: 10_000 }));
    await expect(trainer.finetune(run.id)).rejects.toThrow(/still training/);
    trainer.stop(run.id);
    await trainer.idle();
    trainer.dispose();
  });
});
