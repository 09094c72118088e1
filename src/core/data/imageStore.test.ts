import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../testUtils';
import { ImageStore } from './imageStore';

beforeAll(useCpuBackend);

const R = 4;
const N = 6;
const pixels = Uint8Array.from({ length: N * R * R * 3 }, (_, i) => (i * 37) % 256);

describe('ImageStore', () => {
  it('keeps a set that fits the budget on the device and streams a larger one, giving the same batches', async () => {
    const resident = new ImageStore(pixels, N, R);
    const streamed = new ImageStore(pixels, N, R, 0);
    expect(resident.onDevice).toBe(true);
    expect(streamed.onDevice).toBe(false);
    const idx = Int32Array.from([5, 0, 5, 2]);
    const [a, b] = [resident.gather(idx), streamed.gather(idx)];
    expect(a.shape).toEqual([4, R, R, 3]);
    expect(b.shape).toEqual([4, R, R, 3]);
    const [va, vb] = [await a.data(), await b.data()];
    va.forEach((v, i) => expect(v).toBeCloseTo(vb[i], 6));
    // image 5 first: its pixels scaled to [0, 1]
    const size = R * R * 3;
    expect(vb[0]).toBeCloseTo(pixels[5 * size] / 255, 6);
    expect(vb[size]).toBeCloseTo(pixels[0] / 255, 6);
    tf.dispose([a, b]);
    resident.dispose();
    streamed.dispose();
  });

  it('streams without holding tensors between batches, and names an index out of range', () => {
    const before = tf.memory().numTensors;
    const streamed = new ImageStore(pixels, N, R, 0);
    expect(tf.memory().numTensors).toBe(before);
    streamed.gather(Int32Array.from([1, 2])).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => streamed.gather(Int32Array.from([6]))).toThrow('image 6 is out of range (0…5)');
    expect(() => new ImageStore(pixels.subarray(1), N, R)).toThrow('are not 6 images of 4 px');
  });
});
