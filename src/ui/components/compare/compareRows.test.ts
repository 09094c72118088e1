import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../core/config';
import type { RunStatus } from '../../../core/train/types';
import { bestIds, COLUMNS, compareRows, sortRows } from './compareRows';

const run = (id: string, method: RunStatus['method'], over: Partial<RunStatus> = {}): RunStatus => ({
  id, method, config: defaultConfig, state: 'done', step: 20, steps: 20, loss: 1, metrics: {},
  imagesPerSec: 100, startedAt: 0, elapsedMs: 1000, ...over,
});
const col = (key: string) => COLUMNS.find((c) => c.key === key)!;

const runs = [
  run('rotation-1', 'rotation', { metrics: { accuracy: 0.7 }, probe: { accuracy: 0.3, knn: 0.25, step: 20 }, imagesPerSec: 50 }),
  run('supervised-2', 'supervised', { probe: { accuracy: 0.4, knn: 0.2, step: 20 }, imagesPerSec: 80 }),
  run('random-3', 'random', { steps: 0, step: 0, imagesPerSec: 0 }),
];

describe('compareRows', () => {
  it('gives each accuracy its 95 % interval for the images behind it, and the spread over seeds', () => {
    const result = { accuracy: 0.5, perClass: [], confusion: [[30, 20], [30, 20]], correct: new Uint8Array(100) };
    const ev = { runId: 'a', step: 20, probe: result, knn: { ...result, k: 20 }, reason: null, projection: { indices: new Int32Array(0), points: new Float32Array(0) } };
    const seeds = [0.5, 0.52, 0.54].map((accuracy, k) => run(`rot-${k}`, 'rotation', { config: { ...defaultConfig, seed: k + 1 }, probe: { accuracy, knn: 0.5, step: 20 } }));
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
    const rows = compareRows([run('a', 'rotation', { elapsedMs: 10 }), run('b', 'rotation', { state: 'stopped', step: 5, elapsedMs: 1 })], {}, 'wasm');
    expect(rows.map((r) => r.partial)).toEqual([false, true]);
    expect(bestIds(rows, col('time'))).toEqual(new Set());
    expect(bestIds([...rows, { ...rows[0], id: 'c', elapsedMs: 20 }], col('time'))).toEqual(new Set(['a']));
  });

  const rows = compareRows(runs, { 'rotation-1': [{ runId: 'rotation-1', step: 20, probe: null, knn: null, reason: null, projection: { indices: new Int32Array(0), points: new Float32Array(0) }, sweep: [{ perClass: 4, accuracy: 0.35 }, { perClass: 'all', accuracy: 0.3 }] }] }, 'wasm');

  it('reads each run’s numbers, with null where there are none', () => {
    expect(rows.map((r) => r.backend)).toEqual(['wasm', 'wasm', 'wasm']);
    expect(rows[0].metric).toBe(rows[0].metricName === null ? null : runs[0].metrics[rows[0].metricName]);
    expect(rows[0].best).toEqual({ perClass: 4, accuracy: 0.35 });
    expect(rows[1].best).toBeNull();
    expect(rows[2].probe).toBeNull();
    expect(rows[2].imagesPerSec).toBeNull(); // an untrained baseline has no throughput
  });

  it('sorts both ways with missing values last', () => {
    expect(sortRows(rows, col('probe'), 'descending').map((r) => r.id)).toEqual(['supervised-2', 'rotation-1', 'random-3']);
    expect(sortRows(rows, col('probe'), 'ascending').map((r) => r.id)).toEqual(['rotation-1', 'supervised-2', 'random-3']);
    expect(sortRows(rows, col('method'), 'ascending').map((r) => r.method)).toEqual([...rows.map((r) => r.method)].sort((a, b) => a.localeCompare(b)));
  });

  it('marks the best value of comparable columns only', () => {
    expect([...bestIds(rows, col('probe'))]).toEqual(['supervised-2']);
    expect([...bestIds(rows, col('knn'))]).toEqual(['rotation-1']);
    expect([...bestIds(rows, col('speed'))]).toEqual(['supervised-2']);
    expect(bestIds(rows, col('metric')).size).toBe(0); // pretext metrics do not compare across methods
    expect(bestIds(rows, col('best')).size).toBe(0); // a single value is not a "best"
  });
});
