import { describe, expect, it } from 'vitest';
import { crossed, milestonesAfter } from './milestones';

describe('checkpoint and probe milestones', () => {
  it('sees a multiple passed inside a slice, and never for a period of 0', () => {
    expect(crossed(96, 100, 100)).toBe(true);
    expect(crossed(100, 104, 100)).toBe(false);
    expect(crossed(98, 102, 100)).toBe(true);
    expect(crossed(0, 50, 0)).toBe(false);
  });

  it('checkpoints at every period and at the end, probes quickly only before the end', () => {
    const cfg = { steps: 30, checkpointEvery: 10, probeEvery: 8 };
    expect(milestonesAfter(4, 8, cfg)).toEqual({ checkpoint: false, probe: true });
    expect(milestonesAfter(8, 12, cfg)).toEqual({ checkpoint: true, probe: false });
    expect(milestonesAfter(26, 30, cfg)).toEqual({ checkpoint: true, probe: false });
    expect(milestonesAfter(4, 8, { ...cfg, probeEvery: 0 })).toEqual({ checkpoint: false, probe: false });
  });
});
