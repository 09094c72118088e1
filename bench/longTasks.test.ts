import { describe, expect, it } from 'vitest';
import { longTasksBetween } from './longTasks';

describe('longTasksBetween', () => {
  it('counts the tasks in the window, and a task that began before it for its part after', () => {
    const entries = [
      { startTime: 0, duration: 400 }, // ends at 400: before the window
      { startTime: 900, duration: 300 }, // began before 1000, runs 200 ms in the window
      { startTime: 1100, duration: 60 },
      { startTime: 2500, duration: 80 }, // after the window
    ];
    expect(longTasksBetween(entries, 1000, 2000)).toEqual({ count: 2, totalMs: 260, maxMs: 200, durations: [200, 60] });
  });

  it('leaves out a task whose part in the window is under the threshold', () => {
    expect(longTasksBetween([{ startTime: 900, duration: 140 }], 1000).count).toBe(0);
    expect(longTasksBetween([{ startTime: 900, duration: 160 }], 1000).durations).toEqual([60]);
  });
});
