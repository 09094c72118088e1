import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../core/train/types';
import { queueSummary, runOrder } from './runOrder';

const run = (id: string, state: RunStatus['state']) => ({ id, state }) as RunStatus;

describe('runOrder', () => {
  it('puts the running run first, the queue next in training order, then the rest newest first', () => {
    const runs = [run('a', 'done'), run('b', 'stopped'), run('c', 'running'), run('d', 'queued'), run('e', 'queued'), run('f', 'error')];
    expect(runOrder(runs).map((r) => r.id)).toEqual(['c', 'd', 'e', 'f', 'b', 'a']);
  });
});

describe('queueSummary', () => {
  const fmt = (ms: number) => `${ms / 60_000} min`;
  it('says how many wait and their time together', () => expect(queueSummary(2, 360, fmt)).toBe('2 waiting, about 6 min'));
  it('leaves the time out while an estimate is missing', () => expect(queueSummary(1, NaN, fmt)).toBe('1 waiting'));
  it('gives no time when only untrained baselines wait', () => expect(queueSummary(1, 0, fmt)).toBe('1 waiting'));
  it('says nothing of an empty queue', () => expect(queueSummary(0, 0, fmt)).toBeNull());
});
