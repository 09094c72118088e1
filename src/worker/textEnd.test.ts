import { afterEach, describe, expect, it } from 'vitest';
import type { TrainingPort, WorkerEvent } from './contract';
import { openLocalPort } from './localPort';
import { ended, tinyTextSet } from './tinyTextSet';

const set = tinyTextSet();

describe('text runs in the worker', () => {
  let port: TrainingPort | null = null;
  afterEach(() => port?.terminate());

  it('trains next word for a few steps and reports perplexity beside the bigram, probe and kNN per text, and guesses', async () => {
    const events: WorkerEvent[] = [];
    port = openLocalPort((e) => events.push(e));
    await port.init('cpu', 'auto');
    await expect(port.startText('nextword', { steps: 2 }, 'x')).rejects.toThrow(/No text dataset/);
    expect(await port.setTextDataset(set)).toMatchObject({ train: 4, test: 4 });
    await port.startText('nextword', { steps: 3, batchSize: 2 }, 'text-nextword-1');
    await expect(port.startText('random', { steps: 1 }, 'text-random-1')).rejects.toThrow(/one text run at a time/);
    const run = await ended(events, 'text-nextword-1');
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ state: 'done', step: 3, steps: 3 });
    const r = run.result!;
    expect(r.perplexity).toBeGreaterThan(1);
    expect(r.bigramPerplexity).toBe(run.bigramPerplexity);
    expect(r.probe!.correct).toHaveLength(4);
    expect(r.knn!.correct).toHaveLength(4);
    expect(r.guesses.length).toBeGreaterThan(0);
    expect(r.guesses[0].top).toHaveLength(5);
    expect(r.sweep!.map((p) => p.perClass)).toEqual([1, 4, 10, 'all']);
    expect(r.sweep!.every((p) => p.correct!.length === 4)).toBe(true);
    expect(r.perplexityEstimate).toMatchObject({ perplexity: r.perplexity, items: 4 });
    expect(r.perplexityEstimate!.low).toBeLessThanOrEqual(r.perplexity!);
    expect(r.perplexityEstimate!.high).toBeGreaterThanOrEqual(r.perplexity!);
    expect(r.bigramEstimate.perplexity).toBe(run.bigramPerplexity);

    const before = await port.memory();
    expect(before.runs).toBe(1); // the finished model is kept for typed sentences
    const typed = await port.textGuesses('text-nextword-1', 'sea ship wave');
    expect(typed.map((g) => g.truth)).toEqual(['sea', 'ship', 'wave']);
    expect((await port.memory()).numTensors).toBe(before.numTensors);
    await expect(port.textGuesses('nope', 'sea')).rejects.toThrow(/not finished/);

    await port.setTextDataset(set); // a new text dataset frees the old runs' weights
    const after = await port.memory();
    expect(after.runs).toBe(0);
    expect(after.numTensors).toBeLessThan(before.numTensors);
  });

  it('a time budget and a method without next-word guesses (random init) end with a probe and no perplexity', async () => {
    const events: WorkerEvent[] = [];
    port = openLocalPort((e) => events.push(e));
    await port.init('cpu', 'auto');
    await port.setTextDataset(set);
    await port.startText('random', { seconds: 1 }, 'text-random-1');
    const run = await ended(events, 'text-random-1');
    expect(run.result).toMatchObject({ perplexity: null, guesses: [] });
    expect(run.result!.probe!.correct).toHaveLength(4);
    await expect(port.textGuesses('text-random-1', 'sea')).rejects.toThrow(/does not predict/);
  });
});
