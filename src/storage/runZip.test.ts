import * as tf from '@tensorflow/tfjs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../core/testUtils';
import { runsFromZip } from './runImport';
import { metricsCsv, runsToZip, type RunBundle } from './runZip';
import { checkpoint, savedRun } from './testFixtures';

function twoWeightCheckpoint(runId: string) {
  const cp = checkpoint(runId, 3);
  cp.weights['1'] = { name: 'head/1', shape: [4], values: Float32Array.from([0.5, -1, 2, 7]) };
  return cp;
}

describe('run zip export / import', () => {
  beforeAll(useCpuBackend);

  it('writes the six files per run and reads back identical curves, status and weights', () => {
    const run = { ...savedRun('rotation-1', 5), name: 'my "best" run' };
    const zip = runsToZip([
      { run, checkpoint: twoWeightCheckpoint('rotation-1') },
      { run: savedRun('cpc-2', 2), checkpoint: null },
    ]);
    const names = Object.keys(unzipSync(zip))
      .filter((n) => !n.endsWith('/'))
      .sort();
    expect(names).toEqual([
      'cpc-2/config.json',
      'cpc-2/curves.json',
      'cpc-2/evaluation.json',
      'cpc-2/metrics.csv',
      'rotation-1/config.json',
      'rotation-1/curves.json',
      'rotation-1/evaluation.json',
      'rotation-1/metrics.csv',
      'rotation-1/model.json',
      'rotation-1/weights.bin',
    ]);
    const [rot, cpc] = runsFromZip(zip) as RunBundle[];
    expect(rot.run.name).toBe('my "best" run');
    expect(rot.run.curves).toEqual(run.curves);
    expect(rot.run.status).toEqual(run.status);
    expect(rot.checkpoint?.step).toBe(3);
    expect(Array.from(rot.checkpoint!.weights['1'].values)).toEqual([0.5, -1, 2, 7]);
    expect(rot.checkpoint!.weights['0'].shape).toEqual([2, 3]);
    expect(cpc.checkpoint).toBeNull();
  });

  it('brings back the per-image results a paired test reads as the Uint8Arrays they were', () => {
    const bits = Uint8Array.from([1, 0, 1]);
    const result = {
      accuracy: 2 / 3,
      perClass: [1, NaN],
      confusion: [
        [2, 0],
        [1, 0],
      ],
      correct: bits,
    };
    const evaluation = {
      runId: 'rotation-1',
      step: 5,
      reason: null,
      probe: result,
      knn: { ...result, k: 3 },
      projection: { indices: Int32Array.from([0, 1, 2]), points: new Float32Array(6) },
      sweep: [
        { perClass: 1, accuracy: 1 / 3, correct: Uint8Array.from([0, 0, 1]) },
        { perClass: 'all' as const, accuracy: 2 / 3, correct: bits },
      ],
      cv: { folds: 5, accuracy: 0.5, correct: Uint8Array.from([1, 0]) },
    };
    const [back] = runsFromZip(
      runsToZip([{ run: { ...savedRun('rotation-1'), evaluations: [evaluation] }, checkpoint: null }]),
    ) as RunBundle[];
    const ev = back.run.evaluations[0];
    expect(ev.probe!.correct).toEqual(bits);
    expect(ev.knn!.correct).toEqual(bits);
    expect(ev.sweep![0].correct).toEqual(Uint8Array.from([0, 0, 1]));
    expect(ev.cv!.correct).toEqual(Uint8Array.from([1, 0]));
    expect(Number.isNaN(ev.probe!.perClass[1])).toBe(true);
  });

  it('writes metrics.csv with a column per metric', () => {
    const csv = metricsCsv(savedRun('r', 2).curves).trim().split('\n');
    expect(csv[0]).toBe('step,loss,lr,accuracy');
    expect(csv[2]).toBe('2,1.9,0.001,0.5');
  });

  it('writes weights TensorFlow.js can decode from model.json', async () => {
    const files = unzipSync(runsToZip([{ run: savedRun('rotation-1'), checkpoint: twoWeightCheckpoint('rotation-1') }]));
    const model = JSON.parse(strFromU8(files['rotation-1/model.json']));
    const bin = files['rotation-1/weights.bin'];
    const decoded = tf.io.decodeWeights(bin.slice().buffer, model.weightsManifest[0].weights);
    expect(Object.keys(decoded)).toEqual(['encoder/conv0/kernel', 'head/1']);
    expect(decoded['encoder/conv0/kernel'].shape).toEqual([2, 3]);
    expect(Array.from(await decoded['head/1'].data())).toEqual([0.5, -1, 2, 7]);
    tf.dispose(Object.values(decoded));
  });

  it('rejects files that are not a valid run zip, saying why', () => {
    const good = unzipSync(runsToZip([{ run: savedRun('rotation-1'), checkpoint: twoWeightCheckpoint('rotation-1') }]));
    const with_ = (patch: Record<string, Uint8Array | null>) => {
      const files = { ...good, ...patch };
      for (const [k, v] of Object.entries(patch)) if (v === null) delete files[k];
      return zipSync(files as Record<string, Uint8Array>);
    };
    const config = JSON.parse(strFromU8(good['rotation-1/config.json']));
    expect(() => runsFromZip(strToU8('not a zip'))).toThrow(/cannot be imported: it is not a zip/);
    expect(() => runsFromZip(with_({ 'rotation-1/evil.html': strToU8('<script>') }))).toThrow(/unexpected file.*evil\.html/);
    expect(() => runsFromZip(with_({ 'rotation-1/curves.json': null }))).toThrow(/curves\.json is missing/);
    expect(() => runsFromZip(with_({ 'rotation-1/weights.bin': new Uint8Array(8) }))).toThrow(/weights\.bin (is shorter|has 8 bytes)/);
    expect(() => runsFromZip(with_({ 'rotation-1/curves.json': strToU8('[{"step":1,"loss":"x"}]') }))).toThrow(/invalid point/);
    expect(() =>
      runsFromZip(
        with_({ 'rotation-1/config.json': strToU8(JSON.stringify({ ...config, status: { ...config.status, method: 'evil' } })) }),
      ),
    ).toThrow(/unknown method/);
    expect(() => runsFromZip(with_({ 'rotation-1/config.json': strToU8(JSON.stringify({ ...config, format: 'other' })) }))).toThrow(
      /not a Pretext run/,
    );
    expect(() => runsFromZip(with_({ 'rotation-1/config.json': strToU8('{') }))).toThrow(/not valid JSON/);
  });
});
