import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../core/config';
import type { RunEvaluation, RunStatus } from '../../../core/train/types';
import { bestByColumn, bestIds, COLUMNS, compareRows, sortRows } from './compareRows';

const run = (id: string, method: RunStatus['method'], over: Partial<RunStatus> = {}): RunStatus => ({
  id,
  method,
  config: defaultConfig,
  state: 'done',
  step: 20,
  steps: 20,
  loss: 1,
  metrics: {},
  imagesPerSec: 100,
  startedAt: 0,
  elapsedMs: 1000,
  ...over,
});
const col = (key: string) => COLUMNS.find((c) => c.key === key)!;

const runs = [
  run('rotation-1', 'rotation', { metrics: { accuracy: 0.7 }, probe: { accuracy: 0.3, knn: 0.25, step: 20 }, imagesPerSec: 50 }),
  run('supervised-2', 'supervised', { probe: { accuracy: 0.4, knn: 0.2, step: 20 }, imagesPerSec: 80 }),
  run('random-3', 'random', { steps: 0, step: 0, imagesPerSec: 0 }),
];

describe('compareRows', () => {
  it('gives each accuracy its 95 % interval for the images behind it, and the spread over seeds', () => {
    const result = {
      accuracy: 0.5,
      perClass: [],
      confusion: [
        [30, 20],
        [30, 20],
      ],
      correct: new Uint8Array(100),
    };
    const ev = {
      runId: 'a',
      step: 20,
      probe: result,
      knn: { ...result, k: 20 },
      reason: null,
      projection: { indices: new Int32Array(0), points: new Float32Array(0) },
    };
    const seeds = [0.5, 0.52, 0.54].map((accuracy, k) =>
      run(`rot-${k}`, 'rotation', { config: { ...defaultConfig, seed: k + 1 }, probe: { accuracy, knn: 0.5, step: 20 } }),
    );
    const other = run('rot-long', 'rotation', { config: { ...defaultConfig, steps: 900 }, probe: { accuracy: 0.6, knn: 0.5, step: 20 } });
    const [first, , , alone] = compareRows([...seeds, other], { 'rot-0': [ev] }, 'wasm');
    expect(first.probe!.n).toBe(100);
    expect(first.probe!.low).toBeCloseTo(0.4038, 4); // Wilson, 50 of 100
    expect(first.probe!.high).toBeCloseTo(0.5962, 4);
    expect(first.seeds!.n).toBe(3);
    expect(first.seeds!.mean).toBeCloseTo(0.52);
    expect(first.seeds!.sd).toBeCloseTo(0.02);
    expect(alone.seeds).toBeNull(); // other settings: another recipe
  });

  it('marks a stopped run partial: its time is not the best', () => {
    const rows = compareRows(
      [run('a', 'rotation', { elapsedMs: 10 }), run('b', 'rotation', { state: 'stopped', step: 5, elapsedMs: 1 })],
      {},
      'wasm',
    );
    expect(rows.map((r) => r.partial)).toEqual([false, true]);
    expect(bestIds(rows, col('time'))).toEqual(new Set());
    expect(bestIds([...rows, { ...rows[0], id: 'c', elapsedMs: 20 }], col('time'))).toEqual(new Set(['a']));
  });

  const rows = compareRows(
    runs,
    {
      'rotation-1': [
        {
          runId: 'rotation-1',
          step: 20,
          probe: null,
          knn: null,
          reason: null,
          projection: { indices: new Int32Array(0), points: new Float32Array(0) },
          sweep: [
            { perClass: 4, accuracy: 0.35 },
            { perClass: 'all', accuracy: 0.3 },
          ],
        },
      ],
    },
    'wasm',
  );

  it('reads each run’s numbers, with null where there are none', () => {
    expect(rows.map((r) => r.backend)).toEqual(['wasm', 'wasm', 'wasm']);
    expect(rows[0].metric).toBe(rows[0].metricName === null ? null : runs[0].metrics[rows[0].metricName]);
    expect(rows[0].peak).toMatchObject({ perClass: 4, accuracy: 0.35, n: 0 }); // saved before per-image results were kept
    expect(rows[1].peak).toBeNull();
    expect(rows[2].probe).toBeNull();
    expect(rows[2].imagesPerSec).toBeNull(); // an untrained baseline has no throughput
  });

  it('sorts both ways with missing values last', () => {
    expect(sortRows(rows, col('probe'), 'descending').map((r) => r.id)).toEqual(['supervised-2', 'rotation-1', 'random-3']);
    expect(sortRows(rows, col('probe'), 'ascending').map((r) => r.id)).toEqual(['rotation-1', 'supervised-2', 'random-3']);
    expect(sortRows(rows, col('method'), 'ascending').map((r) => r.method)).toEqual(
      [...rows.map((r) => r.method)].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('marks the best value of comparable columns only', () => {
    expect([...bestIds(rows, col('speed'))]).toEqual(['supervised-2']);
    expect(bestIds(rows, col('metric')).size).toBe(0); // pretext metrics do not compare across methods
    expect(bestIds(rows, col('peak')).size).toBe(0); // a single value is not a "best"
    expect(bestIds(rows, col('probe')).size).toBe(0); // 40 % against 30 % on unknown images: not clearly ahead
  });

  it('marks an accuracy best only where it is clearly ahead of every other run on the same test images', () => {
    const right = (count: number, from = 0) => Uint8Array.from({ length: 400 }, (_, i) => (i >= from && i < from + count ? 1 : 0));
    const evaluated = (id: string, correct: Uint8Array, sweep: Uint8Array): [RunStatus, RunEvaluation[]] => {
      const accuracy = correct.reduce((a, b) => a + b, 0) / 400;
      const result = { accuracy, perClass: [], confusion: [], correct };
      const ev = {
        runId: id,
        step: 20,
        probe: result,
        knn: { ...result, k: 20 },
        reason: null,
        projection: { indices: new Int32Array(0), points: new Float32Array(0) },
      };
      return [
        run(id, 'rotation', { probe: { accuracy, knn: accuracy, step: 20 } }),
        [{ ...ev, sweep: [{ perClass: 'all', accuracy: sweep.reduce((a, b) => a + b, 0) / 400, correct: sweep }] }],
      ];
    };
    const [a, evA] = evaluated('a', right(190), right(190));
    const [b, evB] = evaluated('b', right(160), right(185));
    const table = compareRows([a, b], { a: evA, b: evB }, 'wasm');
    expect([...bestIds(table, col('probe'))]).toEqual(['a']); // 30 images ahead, none behind: p < 0.001
    expect(bestIds(table, col('peak')).size).toBe(0); // 5 images ahead: within the noise, no "best"
    expect(table[0].peak).toMatchObject({ perClass: 'all', accuracy: 0.475, n: 400 });
    expect(table[0].peak!.low).toBeLessThan(0.475);
    expect(bestByColumn(table)).toMatchObject({ probe: ['a'], knn: ['a'], peak: [] });
  });
});
