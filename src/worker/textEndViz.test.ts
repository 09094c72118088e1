import { afterEach, describe, expect, it } from 'vitest';
import type { TrainingPort, WorkerEvent } from './contract';
import { openLocalPort } from './localPort';
import { ended, tinyTextSet } from './tinyTextSet';

const set = tinyTextSet();

describe("the worker's text attention and limits", () => {
  let port: TrainingPort | null = null;
  afterEach(() => port?.terminate());

  it('returns a finished run’s attention on a sentence without keeping tensors, and names unknown runs', async () => {
    const events: WorkerEvent[] = [];
    port = openLocalPort((e) => events.push(e));
    await port.init('cpu', 'auto');
    await port.setTextDataset(set);
    await port.startText('maskedword', { steps: 2, batchSize: 2 }, 'text-maskedword-1');
    expect((await ended(events, 'text-maskedword-1')).state).toBe('done');
    const before = (await port.memory()).numTensors;
    const a = await port.textAttention('text-maskedword-1', 'sea ship wave');
    expect((await port.memory()).numTensors).toBe(before);
    expect(a.words).toEqual(['<bos>', 'sea', 'ship', 'wave']);
    expect(a.weights).toHaveLength(2); // the text recipe's 2 blocks
    expect(a.weights[0]).toHaveLength(2); // of 2 heads
    expect(a.weights[1][1][3].reduce((s, w) => s + w, 0)).toBeCloseTo(1, 5);
    await expect(port.textAttention('nope', 'sea')).rejects.toThrow(/Text run nope is not finished/);
  });

  it('refuses settings out of range and a step too large for the backend by name, and a second run while one trains', async () => {
    port = openLocalPort(() => {});
    await port.init('cpu', 'auto');
    await port.setTextDataset(set);
    await expect(port.startText('nextword', { steps: 0 }, 'a')).rejects.toThrow(
      'Steps 0 is not allowed: it must be a whole number from 1 to 1,000,000.',
    );
    await expect(port.startText('nextword', { steps: 2, batchSize: 2000 }, 'a')).rejects.toThrow(/^Batch size 2,000 is not allowed/);
    await expect(port.startText('nextword', { steps: 2, batchSize: 1024 }, 'a')).rejects.toThrow(
      /A text step at batch 1024, 32 words .* Lower the batch size \(at most \d+ fit\)/,
    );
    await port.startText('nextword', { steps: 3, batchSize: 2 }, 'text-nextword-1');
    await expect(port.startText('random', { steps: 1 }, 'text-random-1')).rejects.toThrow(
      'A text run (text-nextword-1) is already training: one text run at a time.',
    );
  });
});
