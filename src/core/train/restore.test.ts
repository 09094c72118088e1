import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyConfig, tinySet, useCpuBackend } from '../testUtils';
import { Trainer } from './trainer';
import type { Checkpoint, TrainerEvent } from './types';

describe('Trainer.restore', () => {
  beforeAll(useCpuBackend);

  it('recreates a run from its checkpoint (same id, weights and step) and resumes it to the end', async () => {
    const checkpoints: Checkpoint[] = [];
    const first = new Trainer((e: TrainerEvent) => e.type === 'checkpoint' && checkpoints.push(e.checkpoint));
    first.setDataset(await tinySet(24, 'tiny', 5));
    const cfg = tinyConfig({ steps: 16, checkpointEvery: 8 });
    const started = first.start('rotation', cfg, 'rotation-7');
    expect(started.id).toBe('rotation-7');
    await first.idle();
    const saved = first.statuses()[0];
    const mid = checkpoints.find((c) => c.step === 8)!;
    expect(mid).toBeDefined();
    expect(Object.values(mid.weights)[0].name).toBe('encoder/conv0/kernel');
    expect(Object.values(mid.weights).some((w) => w.name?.startsWith('head/'))).toBe(true);
    first.dispose();

    const later: Checkpoint[] = [];
    const second = new Trainer((e: TrainerEvent) => e.type === 'checkpoint' && later.push(e.checkpoint));
    second.setDataset(await tinySet(24, 'tiny', 5));
    const back = second.restore({ ...saved, state: 'running' }, mid);
    expect(back).toMatchObject({ id: 'rotation-7', state: 'stopped', step: 8 });
    const restored = await second.run('rotation-7').checkpoint('rotation-7');
    for (const [k, w] of Object.entries(mid.weights)) expect(Array.from(restored.weights[k].values)).toEqual(Array.from(w.values));
    expect(() => second.restore(saved, mid)).toThrow(/already exists/);

    second.resume('rotation-7');
    await second.idle();
    expect(second.statuses()[0]).toMatchObject({ state: 'done', step: 16 });
    expect(later.at(-1)?.step).toBe(16);
    second.dispose();
    expect(tf.memory().numTensors).toBe(0);
  });

  it('restores a finished run as done, and rejects a checkpoint of another shape', async () => {
    const trainer = new Trainer(() => {});
    trainer.setDataset(await tinySet(24, 'tiny', 5));
    const cfg = tinyConfig({ steps: 4 });
    const cps: Checkpoint[] = [];
    const a = new Trainer((e) => e.type === 'checkpoint' && cps.push(e.checkpoint));
    a.setDataset(await tinySet(24, 'tiny', 5));
    const s = a.start('rotation', cfg);
    await a.idle();
    const done = a.statuses()[0];
    a.dispose();
    expect(trainer.restore(done, cps.at(-1)!).state).toBe('done');
    const wider = trainer.restore({ ...done, id: 'other', config: { ...cfg, width: 8 } }, cps.at(-1)!);
    expect(wider.state).toBe('error');
    expect(wider.error).toMatch(/does not match/);
    expect(s.id).toBe('rotation-1');
    trainer.dispose();
  });
});
