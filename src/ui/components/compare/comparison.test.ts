import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../core/config';
import type { RunEvaluation, RunStatus } from '../../../core/train/types';
import type { DatasetInfo, RunMeta } from '../../state/store';
import { comparison, type ComparisonInput } from './comparison';

const sample = { name: 'sample', images: 2000, resolution: 32, fingerprint: 'aaaa0001' };
const photos = { name: 'photos', images: 245, resolution: 64, fingerprint: 'bbbb0002' };
const info = (d: typeof sample, test: number): DatasetInfo => ({
  ...d,
  classes: ['a', 'b'],
  counts: [d.images / 2, d.images / 2],
  split: { train: d.images - test, test },
  rejected: [],
});

/** A finished run probed on `n` test images, right on the first `right` of them. */
function probed(id: string, method: RunStatus['method'], right: number, n: number): { status: RunStatus; ev: RunEvaluation } {
  const correct = Uint8Array.from({ length: n }, (_, i) => (i < right ? 1 : 0));
  const result = { accuracy: right / n, perClass: [], confusion: [], correct };
  const status: RunStatus = {
    id,
    method,
    config: defaultConfig,
    state: 'done',
    step: 20,
    steps: method === 'random' ? 0 : 20,
    loss: 1,
    metrics: {},
    imagesPerSec: 1,
    startedAt: 0,
    elapsedMs: 1,
    probe: { accuracy: right / n, knn: 0.5, step: 20 },
  };
  return {
    status,
    ev: {
      runId: id,
      step: 20,
      probe: result,
      knn: { ...result, k: 20 },
      reason: null,
      projection: { indices: new Int32Array(0), points: new Float32Array(0) },
    },
  };
}

function input(
  loaded: DatasetInfo,
  runs: [ReturnType<typeof probed>, typeof sample][],
  compareDataset: ComparisonInput['compareDataset'] = null,
): ComparisonInput {
  const runMeta: Record<string, RunMeta> = Object.fromEntries(
    runs.map(([r, d]) => [r.status.id, { name: r.status.id, dataset: d, checkpointStep: null, onDisk: true }]),
  );
  return {
    runs: runs.map(([r]) => r.status),
    evaluations: Object.fromEntries(runs.map(([r]) => [r.status.id, [r.ev]])),
    runMeta,
    dataset: loaded,
    baseline: null,
    backend: null,
    compareDataset,
    finetunes: {},
  };
}

describe('comparison', () => {
  const runs: [ReturnType<typeof probed>, typeof sample][] = [
    [probed('rotation-1', 'rotation', 190, 400), sample],
    [probed('random-2', 'random', 160, 400), sample],
    [probed('rotation-3', 'rotation', 37, 49), photos],
    [probed('random-4', 'random', 33, 49), photos],
  ];

  it('compares the loaded dataset’s runs only, and lists every dataset with runs, the loaded one first', () => {
    const c = comparison(input(info(photos, 49), runs));
    expect(c.dataset).toEqual(photos);
    expect(c.loaded).toBe(true);
    expect(c.datasets).toEqual([photos, sample]);
    expect(c.runs.map((r) => r.id)).toEqual(['rotation-3', 'random-4']);
    expect(c.verdict[0]).toContain('No clear difference from random init (67.3 %) on the same 49 test images');
    expect(c.notice).toContain('Only 49 labelled test images: an accuracy here is known to about ±13 points');
    expect(c.rows[0].probe).toMatchObject({ n: 49 });
  });

  it('shows another dataset’s comparison when picked, as measured there', () => {
    const c = comparison(input(info(photos, 49), runs, sample));
    expect(c.loaded).toBe(false);
    expect(c.runs.map((r) => r.id)).toEqual(['rotation-1', 'random-2']);
    expect(c.verdict[0]).toContain('Rotation (+7.5 points, p < 0.001) beats random init (40.0 %)');
    expect(c.notice).toBeNull();
  });

  it('does not take a dataset of the same name and size with other images for the same one', () => {
    const lookalike = { ...sample, fingerprint: 'cccc0003' };
    const c = comparison(input(info(lookalike, 400), runs));
    expect(c.runs).toEqual([]);
    expect(c.datasets).toEqual([lookalike, sample, photos]);
  });
});
