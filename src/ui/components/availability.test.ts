import { describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../state/store';
import { availability } from './availability';

const data = (over: Partial<DatasetInfo> = {}): DatasetInfo => ({
  name: 'd',
  images: 20,
  classes: ['a', 'b'],
  counts: [10, 10],
  resolution: 32,
  fingerprint: '0000abcd',
  split: { train: 16, test: 4 },
  rejected: [],
  ...over,
});

describe('availability', () => {
  it('blocks everything until data and a backend are there', () => {
    expect(availability({ needsLabels: false, minResolution: 8 }, null, true).blocked).toMatch(/dataset/);
    expect(availability({ needsLabels: false, minResolution: 8 }, data(), false).blocked).toMatch(/backend/);
  });

  it('blocks label-hungry methods on unlabelled data only', () => {
    const unlabelled = data({ classes: [], counts: [] });
    expect(availability({ needsLabels: true, minResolution: 8 }, unlabelled, true).blocked).toMatch(/labelled/);
    expect(availability({ needsLabels: false, minResolution: 8 }, unlabelled, true).blocked).toBeNull();
    expect(availability({ needsLabels: true, minResolution: 8 }, data(), true)).toEqual({ blocked: null, warning: null });
  });

  it('warns, without blocking, below the minimum resolution', () => {
    const a = availability({ needsLabels: false, minResolution: 48 }, data(), true);
    expect(a.blocked).toBeNull();
    expect(a.warning).toMatch(/48 px/);
  });
});
