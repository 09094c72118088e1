/**
 * Bilinear resize of `count` square uint8 RGB images [count, from, from, 3] → [count, to, to, 3].
 * Pixel centres are aligned (source x = (x + 0.5)·from/to − 0.5, clamped at the edges), so halving
 * averages each 2×2 block and the output is not shifted.
 */
export function resizeImages(pixels: Uint8Array, count: number, from: number, to: number): Uint8Array {
  if (pixels.length !== count * from * from * 3) throw new Error(`expected ${count}×${from}×${from}×3 bytes, got ${pixels.length}`);
  if (from === to) return pixels.slice();
  const taps = axisTaps(from, to);
  const out = new Uint8Array(count * to * to * 3);
  const rows = new Float32Array(from * to * 3); // one image resized along x only
  const inImage = from * from * 3,
    outImage = to * to * 3,
    rowLen = to * 3;
  for (let n = 0; n < count; n++) {
    const src = n * inImage;
    for (let y = 0, k = 0; y < from; y++)
      for (let x = 0; x < to; x++) {
        const a = src + (y * from + taps.i0[x]) * 3,
          b = src + (y * from + taps.i1[x]) * 3,
          w = taps.w[x];
        for (let c = 0; c < 3; c++, k++) rows[k] = pixels[a + c] + (pixels[b + c] - pixels[a + c]) * w;
      }
    for (let y = 0, k = n * outImage; y < to; y++) {
      const a = taps.i0[y] * rowLen,
        b = taps.i1[y] * rowLen,
        w = taps.w[y];
      for (let j = 0; j < rowLen; j++, k++) out[k] = rows[a + j] + (rows[b + j] - rows[a + j]) * w + 0.5; // uint8 store truncates: +0.5 rounds
    }
  }
  return out;
}

/** For each output coordinate: the two source indices and the weight of the second. */
function axisTaps(from: number, to: number): { i0: Int32Array; i1: Int32Array; w: Float32Array } {
  const i0 = new Int32Array(to),
    i1 = new Int32Array(to),
    w = new Float32Array(to);
  for (let o = 0; o < to; o++) {
    const s = Math.min(Math.max((o + 0.5) * (from / to) - 0.5, 0), from - 1);
    i0[o] = Math.floor(s);
    i1[o] = Math.min(i0[o] + 1, from - 1);
    w[o] = s - i0[o];
  }
  return { i0, i1, w };
}
