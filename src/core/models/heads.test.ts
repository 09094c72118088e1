import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { syntheticImages, useCpuBackend } from '../testUtils';
import { Encoder } from './encoder';
import { ConvDecoder, MlpHead } from './heads';
import { encoderSizes } from './shapes';

beforeAll(useCpuBackend);

describe('heads', () => {
  it('MlpHead maps [n, in] to [n, out] with its own variables', () => {
    const head = new MlpHead('test/head', [6, 5, 3], new Rng(1));
    const y = head.apply(tf.ones([2, 6]));
    expect(y.shape).toEqual([2, 3]);
    expect(head.variables).toHaveLength(4);
    y.dispose();
    head.dispose();
  });

  it('ConvDecoder restores the input resolution from the encoder map, in (0, 1)', async () => {
    for (const [r, depth] of [
      [16, 2],
      [18, 3],
      [20, 3],
      [8, 1],
    ]) {
      const cfg = { inChannels: 3, width: 4, depth };
      const rng = new Rng(r);
      const encoder = new Encoder(cfg, rng);
      const decoder = new ConvDecoder(cfg, r, 4, rng);
      const x = syntheticImages(2, r, 1);
      const out = tf.tidy(() => decoder.apply(encoder.apply(x).map));
      expect(out.shape).toEqual([2, r, r, 3]);
      const v = await out.data();
      expect(Math.min(...v)).toBeGreaterThan(0);
      expect(Math.max(...v)).toBeLessThan(1);
      tf.dispose([x, out]);
      encoder.dispose();
      decoder.dispose();
    }
  });

  it('encoderSizes follows the encoder pooling', () => {
    expect(encoderSizes(18, 3)).toEqual([18, 9, 4]);
    expect(encoderSizes(2, 4)).toEqual([2, 1, 1, 1]);
  });
});
