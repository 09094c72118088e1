import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyConfig, tinySet, useCpuBackend } from '../testUtils';
import { Trainer } from './trainer';
import type { CurvePoint, RunStatus, TrainerEvent } from './types';

function recorder() {
  const statuses: RunStatus[] = [];
  const points: CurvePoint[] = [];
  const emit = (e: TrainerEvent) => {
    if (e.type !== 'run') return;
    statuses.push(e.status);
    points.push(...e.points);
  };
  return { statuses, points, emit };
}

async function untilState(trainer: Trainer, id: string, states: RunStatus['state'][]): Promise<void> {
  for (let i = 0; i < 2000 && !states.includes(trainer.statuses().find((s) => s.id === id)!.state); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('Trainer', () => {
  beforeAll(useCpuBackend);

  it('trains a run to completion with one curve point per step and a final checkpoint', async () => {
    const rec = recorder();
    const trainer = new Trainer(rec.emit);
    const split = trainer.setDataset(await tinySet());
    expect(split.train + split.test).toBe(24);
    const run = trainer.start('rotation', tinyConfig({ steps: 12 }));
    await trainer.idle();
    const final = trainer.statuses().find((s) => s.id === run.id)!;
    expect(final.state).toBe('done');
    expect(final.step).toBe(12);
    expect(rec.points.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(rec.points.every((p) => Number.isFinite(p.loss) && Number.isFinite(p.metrics.accuracy))).toBe(true);
    expect(final.imagesPerSec).toBeGreaterThan(0);
    expect(trainer.lastCheckpoint(run.id)?.step).toBe(12);
    expect(final.probe?.step).toBe(12);
    expect(final.probe?.accuracy).toBeGreaterThanOrEqual(0);
    expect(final.probe?.knn).toBeGreaterThanOrEqual(0);
    expect(final.probe?.sweep?.map((p) => p.perClass)).toEqual([1, 4, 10, 40, 'all']);
    expect(final.probe?.sweep?.at(-1)?.accuracy).toBe(final.probe?.accuracy);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(0);
  });

  it('announces the curve up to a checkpoint before the checkpoint itself', async () => {
    const events: TrainerEvent[] = [];
    const trainer = new Trainer((e) => events.push(e));
    trainer.setDataset(await tinySet());
    trainer.start('rotation', tinyConfig({ steps: 14, checkpointEvery: 5 }));
    await trainer.idle();
    let announced = 0;
    const checked: number[] = [];
    for (const e of events) {
      if (e.type === 'run') announced = Math.max(announced, ...e.points.map((p) => p.step));
      if (e.type === 'checkpoint') {
        expect(announced).toBeGreaterThanOrEqual(e.checkpoint.step);
        checked.push(e.checkpoint.step);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(3);
    trainer.dispose();
  });

  it('keeps the tensor count flat across steps', async () => {
    const trainer = new Trainer(() => {});
    trainer.setDataset(await tinySet());
    const { id } = trainer.start('rotation', tinyConfig({ steps: 40, checkpointEvery: 1000 }));
    trainer.pause(id);
    const run = trainer.run(id);
    const counts: number[] = [];
    for (let k = 0; k < 30; k++) {
      run.trainStep();
      await run.drain();
      if (k === 5 || k === 25) counts.push(tf.memory().numTensors);
    }
    expect(counts[1]).toBe(counts[0]);
    trainer.dispose();
  });

  it('refuses a run whose step cannot fit the backend when its turn comes, and trains the next one', async () => {
    const trainer = new Trainer(() => {}, { backend: 'cpu', bytes: 20e6, largest: Infinity });
    trainer.setDataset(await tinySet());
    const big = trainer.start('rotation', tinyConfig({ steps: 4, batchSize: 512 }));
    const small = trainer.start('rotation', tinyConfig({ steps: 4, batchSize: 4 }));
    await trainer.idle();
    const [refused, trained] = [big, small].map((r) => trainer.statuses().find((s) => s.id === r.id)!);
    expect(refused).toMatchObject({ state: 'error', step: 0 });
    expect(refused.error).toMatch(
      /^Rotation needs about \d+ MB per step at batch 512, .*more than the CPU backend can hold \(20 MB, .*Lower the batch size \(now 512; at most about \d+ fit\)/,
    );
    expect(trained).toMatchObject({ state: 'done', step: 4 });
    trainer.dispose();
  });

  it('finishes the random-init baseline without taking a step: its probe only', async () => {
    const rec = recorder();
    const trainer = new Trainer(rec.emit);
    trainer.setDataset(await tinySet());
    const { id } = trainer.start('random', tinyConfig({ steps: 50 }));
    await trainer.idle();
    const final = trainer.statuses().find((s) => s.id === id)!;
    expect(final).toMatchObject({ state: 'done', step: 0, steps: 0 });
    expect(final.probe?.step).toBe(0);
    expect(rec.points).toEqual([]);
    trainer.dispose();
  });

  it('suspends every live run at the step it reached, with a checkpoint there, and trains on when resumed', async () => {
    const trainer = new Trainer(() => {});
    trainer.setDataset(await tinySet());
    const done = trainer.start('random', tinyConfig());
    await trainer.idle();
    const a = trainer.start('rotation', tinyConfig({ steps: 400, checkpointEvery: 1000 }));
    const b = trainer.start('supervised', tinyConfig({ steps: 400 })); // queued, never started
    await untilState(trainer, a.id, ['running']);
    while (trainer.statuses()[1].step < 6) await new Promise((r) => setTimeout(r, 5));
    const kept = await trainer.suspend();
    expect(kept.map((k) => k.status.id)).toEqual([a.id, b.id]); // not the finished baseline
    for (const k of kept) {
      expect(k.status.state).toBe('paused');
      expect(k.checkpoint.step).toBe(k.status.step);
      expect(trainer.statuses().find((s) => s.id === k.status.id)!.step).toBe(k.status.step);
    }
    expect(kept[0].status.step).toBeGreaterThanOrEqual(6);
    expect(trainer.statuses().find((s) => s.id === done.id)!.state).toBe('done');
    trainer.resume(a.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(trainer.statuses()[1].step).toBeGreaterThan(kept[0].status.step);
    trainer.dispose();
  });

  it('pauses, resumes and stops', async () => {
    const trainer = new Trainer(() => {});
    trainer.setDataset(await tinySet());
    const { id } = trainer.start('rotation', tinyConfig({ steps: 400 }));
    await untilState(trainer, id, ['running']);
    trainer.pause(id);
    await trainer.idle();
    const paused = trainer.statuses()[0];
    expect(paused.state).toBe('paused');
    await new Promise((r) => setTimeout(r, 50));
    expect(trainer.statuses()[0].step).toBe(paused.step);
    trainer.resume(id);
    await new Promise((r) => setTimeout(r, 200));
    expect(trainer.statuses()[0].step).toBeGreaterThan(paused.step);
    trainer.stop(id);
    await trainer.idle();
    const stopped = trainer.statuses()[0];
    expect(stopped.state).toBe('stopped');
    // probed at the step it reached, which is the step it shows (no read-back lag)
    expect(stopped.step).toBe(trainer.run(id).step);
    expect(stopped.probe?.step).toBe(stopped.step);
    expect(stopped.probe?.sweep?.map((p) => p.perClass)).toEqual([1, 4, 10, 40, 'all']);
    trainer.dispose();
  });

  it('runs queued methods one after another on the same split', async () => {
    const trainer = new Trainer(() => {});
    trainer.setDataset(await tinySet());
    const a = trainer.start('rotation', tinyConfig({ steps: 6 }));
    const b = trainer.start('supervised', tinyConfig({ steps: 6 }));
    expect(trainer.statuses().find((s) => s.id === b.id)!.state).toBe('queued');
    await trainer.idle();
    expect(trainer.statuses().map((s) => [s.id, s.state])).toEqual([
      [a.id, 'done'],
      [b.id, 'done'],
    ]);
    trainer.dispose();
  });

  it('reproduces the same losses for the same seed', async () => {
    const losses = async () => {
      const rec = recorder();
      const trainer = new Trainer(rec.emit);
      trainer.setDataset(await tinySet());
      trainer.start('rotation', tinyConfig({ steps: 10, seed: 42 }));
      await trainer.idle();
      trainer.dispose();
      return rec.points.map((p) => p.loss);
    };
    const first = await losses();
    expect(first).toHaveLength(10);
    expect(await losses()).toEqual(first);
  });

  it('stops a diverging run with an explanation and keeps its curve and last good checkpoint', async () => {
    const rec = recorder();
    const trainer = new Trainer(rec.emit);
    trainer.setDataset(await tinySet());
    // A healthy start that checkpoints at step 8 …
    const { id } = trainer.start('autoencoder', tinyConfig({ steps: 8 }));
    await trainer.idle();
    const good = trainer.lastCheckpoint(id)!;
    expect(good.step).toBe(8);
    // … continued (same id, from that checkpoint) with a learning rate that blows up.
    const saved = trainer.statuses()[0];
    trainer.remove(id);
    trainer.restore({ ...saved, steps: 60, config: { ...saved.config, steps: 60, learningRate: 1e12, checkpointEvery: 1 } }, good);
    trainer.resume(id);
    await trainer.idle();
    const s = trainer.statuses()[0];
    expect(s.state).toBe('error');
    expect(s.error).toMatch(/lower the learning rate/);
    expect(rec.points.filter((p) => p.step > 8).every((p) => Number.isFinite(p.loss))).toBe(true); // the finite part of the curve is kept
    const kept = trainer.lastCheckpoint(id)!;
    expect(kept.step).toBeGreaterThanOrEqual(8);
    expect(Object.values(kept.weights).every((w) => w.values.every(Number.isFinite))).toBe(true); // never a NaN checkpoint
    trainer.dispose();
  });

  it('refuses a labels-only method on an unlabelled dataset with a clear message', async () => {
    const trainer = new Trainer(() => {});
    const set = await tinySet();
    trainer.setDataset({ ...set, labels: new Int32Array(24).fill(-1), classNames: [] });
    const s = trainer.start('supervised', tinyConfig());
    expect(s.state).toBe('error');
    expect(s.error).toMatch(/labelled/);
    trainer.dispose();
  });
});

describe('Trainer.scratchBaseline', () => {
  beforeAll(useCpuBackend);

  it('trains supervised from scratch per label budget and reports one point per budget plus all', async () => {
    const events: TrainerEvent[] = [];
    const trainer = new Trainer((e) => events.push(e));
    trainer.setDataset(await tinySet());
    const before = tf.memory().numTensors;
    const points = await trainer.scratchBaseline(tinyConfig({ steps: 3 }));
    expect(points.map((p) => p.perClass)).toEqual([1, 4, 10, 40, 'all']);
    expect(points.every((p) => p.accuracy >= 0 && p.accuracy <= 1)).toBe(true);
    expect(events.filter((e) => e.type === 'baseline')).toHaveLength(5);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });
});

describe('Trainer scheduling', () => {
  beforeAll(useCpuBackend);

  it('a resumed run waits for the running one instead of stealing its slot', async () => {
    const trainer = new Trainer(() => {});
    trainer.setDataset(await tinySet());
    const a = trainer.start('rotation', tinyConfig({ steps: 400 }));
    const b = trainer.start('supervised', tinyConfig({ steps: 400 }));
    trainer.pause(a.id);
    await untilState(trainer, b.id, ['running']);
    trainer.resume(a.id);
    const stepOf = (id: string) => trainer.statuses().find((s) => s.id === id)!.step;
    const before = stepOf(b.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(trainer.statuses().find((s) => s.id === a.id)!.state).toBe('queued');
    expect(stepOf(b.id)).toBeGreaterThan(before);
    trainer.stop(a.id);
    trainer.stop(b.id);
    await trainer.idle();
    trainer.dispose();
  });
});
