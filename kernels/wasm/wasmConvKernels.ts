import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { planShares, runShares } from './kernelThreads';
import { simdKernels } from './simdKernels';
import { disposeAll, native, runWasm, type Inputs, type KernelArgs } from './wasmKernelSupport';

// The convolution and pooling gradients. Each runs our SIMD128 kernel (simd/kernels.c) in place on the wasm heap
// when it loads, and otherwise a formulation over tfjs-wasm's own kernels (XNNPACK conv, Transpose…) or a
// loop over its heap: nothing falls back to CPU. Our kernels run image by image, so a call's images are shared
// out over tfjs-wasm's threads (kernelThreads.ts); pointers below move by whole images (4 bytes a float).

const offset = (backend: BackendWasm, t: tf.TensorInfo) => backend.getMemoryOffset(t.dataId);

/**
 * dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh − top, ow·s + kw − left, ci] · dy[b, oh, ow, co].
 * Fallback: a forward convolution of xᵀ [ci, H, W, B] with dyᵀ [OH, OW, B, co] as the filter, dilated by
 * the stride (dy's taps sit s pixels apart in x), at stride 1: its output [ci, KH, KW, co] is dW up to a transpose.
 */
export function conv2DBackpropFilter({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as Inputs<'x' | 'dy'>;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  if (info.dataFormat !== 'channelsLast') throw new Error('wasm Conv2DBackpropFilter supports NHWC only');
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth, padInfo } = info;
  const simd = simdKernels(backend);
  if (simd) {
    const dW = backend.makeOutput(filterShape, 'float32');
    const size = filterShape.reduce((a, b) => a * b);
    const shares = planShares(backend, batchSize, batchSize * outHeight * outWidth * size);
    // Each share sums its images into a dW of its own (the caller's is the output), added up after.
    const partial = shares.length > 1 ? backend.makeOutput([(shares.length - 1) * size], 'float32') : null;
    const [xAt, dyAt, dwAt] = [offset(backend, x), offset(backend, dy), offset(backend, dW)];
    const partialAt = (i: number) => offset(backend, partial!) + 4 * size * (i - 1);
    runShares(backend, 'conv2d_backprop_filter', shares, ({ start, count }, i) => [
      xAt + 4 * start * inHeight * inWidth * inChannels,
      dyAt + 4 * start * outHeight * outWidth * outChannels,
      i === 0 ? dwAt : partialAt(i),
      count,
      inHeight,
      inWidth,
      inChannels,
      outHeight,
      outWidth,
      outChannels,
      info.filterHeight,
      info.filterWidth,
      strideHeight,
      strideWidth,
      padInfo.top,
      padInfo.left,
    ]);
    if (partial) {
      for (let i = 1; i < shares.length; i++) simd.binary_broadcast(dwAt, partialAt(i), dwAt, 1, 1, size, 0, 0);
      disposeAll(backend, [partial]);
    }
    return dW;
  }
  // Extent of the padded input the forward conv read; beyond it (valid padding, stride > 1) x is cropped.
  const rows = info.filterHeight + (outHeight - 1) * strideHeight - padInfo.top;
  const cols = info.filterWidth + (outWidth - 1) * strideWidth - padInfo.left;
  const temps: tf.TensorInfo[] = [];
  let xUsed = x;
  if (rows < inHeight || cols < inWidth) {
    xUsed = runWasm(
      backend,
      tf.Slice,
      { x },
      { begin: [0, 0, 0, 0], size: [batchSize, Math.min(rows, inHeight), Math.min(cols, inWidth), inChannels] },
    );
    temps.push(xUsed);
  }
  const xT = runWasm(backend, tf.Transpose, { x: xUsed }, { perm: [3, 1, 2, 0] });
  const dyT = runWasm(backend, tf.Transpose, { x: dy }, { perm: [1, 2, 0, 3] });
  const explicitPad = [
    [0, 0],
    [padInfo.top, Math.max(0, rows - inHeight)],
    [padInfo.left, Math.max(0, cols - inWidth)],
    [0, 0],
  ];
  const convT = runWasm(
    backend,
    tf.Conv2D,
    { x: xT, filter: dyT },
    {
      strides: [1, 1],
      pad: explicitPad,
      dataFormat: 'NHWC',
      dilations: [strideHeight, strideWidth],
    },
  );
  temps.push(xT, dyT, convT);
  const dW = runWasm(backend, tf.Transpose, { x: convT }, { perm: [1, 2, 0, 3] });
  disposeAll(backend, temps);
  return dW;
}

/**
 * dx[b, i, j, ci] = Σ_{kh, kw, co} dy[b, oh, ow, co] · W[kh, kw, ci, co] over the taps with i = oh·s + kh − top (and so for j).
 * Fallback: dx[b, i, j, ci] = Σ_{kh, kw, co} dyD[b, i + kh − pb, j + kw − pl, co] · W[KH−1−kh, KW−1−kw, ci, co], a forward
 * convolution (XNNPACK) of dy — dilated by the stride when it is > 1 (zeros between its pixels) — with the filter
 * turned 180° and its channels swapped, at stride 1. tfjs-wasm's own Conv2DBackpropInput is a plain loop, 5–10× slower.
 */
export function conv2DBackpropInput({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as Inputs<'dy' | 'filter'>;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  const { batchSize, inHeight, inWidth, outHeight, outWidth, outChannels, strideHeight: sh, strideWidth: sw, padInfo } = info;
  const [fh, fw] = [info.filterHeight, info.filterWidth];
  const simd = info.dataFormat === 'channelsLast' ? simdKernels(backend) : null;
  if (simd) {
    const { inChannels: ci } = info;
    const dx = backend.makeOutput(inputShape, 'float32');
    const shares = planShares(backend, batchSize, (batchSize * inHeight * inWidth * ci * fh * fw * outChannels) / (sh * sw));
    const scratch = fh * fw * outChannels * Math.ceil(ci / 4) * 4; // floats of [fh, fw, co, ci padded to 4], one per share
    const swapped = backend.makeOutput([shares.length * scratch], 'float32');
    const [dyAt, filterAt, swappedAt, dxAt] = [offset(backend, dy), offset(backend, filter), offset(backend, swapped), offset(backend, dx)];
    runShares(backend, 'conv2d_backprop_input', shares, ({ start, count }, i) => [
      dyAt + 4 * start * outHeight * outWidth * outChannels,
      filterAt,
      swappedAt + 4 * scratch * i,
      dxAt + 4 * start * inHeight * inWidth * ci,
      count,
      inHeight,
      inWidth,
      ci,
      outHeight,
      outWidth,
      outChannels,
      fh,
      fw,
      sh,
      sw,
      padInfo.top,
      padInfo.left,
    ]);
    disposeAll(backend, [swapped]);
    return dx;
  }
  // Zero rows/cols the forward conv's padding put before the input, seen from dy's side.
  const [top, left] = [fh - 1 - padInfo.top, fw - 1 - padInfo.left];
  if (info.dataFormat !== 'channelsLast' || top < 0 || left < 0) return native(tf.Conv2DBackpropInput)({ inputs, backend, attrs });
  const temps: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo) => (temps.push(t), t);
  let dyD = dy;
  if (sh > 1 || sw > 1) {
    // [B, OH, 1, OW, 1, C] padded to [B, OH, sh, OW, sw, C]: each dy pixel followed by stride − 1 zeros.
    const split = keep(runWasm(backend, tf.Reshape, { x: dy }, { shape: [batchSize, outHeight, 1, outWidth, 1, outChannels] }));
    const spread = keep(
      runWasm(
        backend,
        tf.PadV2,
        { x: split },
        {
          paddings: [
            [0, 0],
            [0, 0],
            [0, sh - 1],
            [0, 0],
            [0, sw - 1],
            [0, 0],
          ],
          constantValue: 0,
        },
      ),
    );
    dyD = keep(runWasm(backend, tf.Reshape, { x: spread }, { shape: [batchSize, outHeight * sh, outWidth * sw, outChannels] }));
  }
  // Padding after dy that makes the output inHeight × inWidth; negative: dy's last rows/cols are never read.
  const bottom = inHeight + fh - 1 - top - dyD.shape[1];
  const right = inWidth + fw - 1 - left - dyD.shape[2];
  if (bottom < 0 || right < 0) {
    const size = [batchSize, dyD.shape[1] + Math.min(0, bottom), dyD.shape[2] + Math.min(0, right), outChannels];
    dyD = keep(runWasm(backend, tf.Slice, { x: dyD }, { begin: [0, 0, 0, 0], size }));
  }
  const turned = keep(runWasm(backend, tf.Reverse, { x: filter }, { dims: [0, 1] }));
  const swapped = keep(runWasm(backend, tf.Transpose, { x: turned }, { perm: [0, 1, 3, 2] }));
  const dx = runWasm(
    backend,
    tf.Conv2D,
    { x: dyD, filter: swapped },
    {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, Math.max(0, bottom)],
        [left, Math.max(0, right)],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [1, 1],
    },
  );
  disposeAll(backend, temps);
  return dx;
}

/**
 * dx[argmax of each window] += dy. Replaces wasm's native MaxPoolGrad, which seeds its running max with
 * FLT_MIN (the smallest positive float) instead of −∞, so a window whose maximum is ≤ 0 loses its gradient.
 * As on the CPU backend the running maximum starts at −∞ and the first maximal tap of a window wins.
 */
export function maxPoolGrad({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, input } = inputs as Inputs<'dy' | 'input'>;
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  const out = backend.makeOutput(input.shape, 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    const [xAt, dyAt, dxAt] = [offset(backend, input), offset(backend, dy), offset(backend, out)];
    const [image, outImage] = [4 * inHeight * inWidth * channels, 4 * outHeight * outWidth * channels];
    runShares(backend, 'max_pool_grad', planShares(backend, batchSize, batchSize * inHeight * inWidth * channels), ({ start, count }) => [
      xAt + start * image,
      dyAt + start * outImage,
      dxAt + start * image,
      count,
      inHeight,
      inWidth,
      channels,
      outHeight,
      outWidth,
      fh,
      fw,
      strideHeight,
      strideWidth,
      info.padInfo.top,
      info.padInfo.left,
    ]);
    return out;
  }
  // Views are taken after the allocation: growing the heap detaches older ones.
  const dx = backend.typedArrayFromHeap(out).fill(0);
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const taps = new Int32Array(Math.ceil(fh / dh) * Math.ceil(fw / dw)); // a window's in-bounds pixels, × channels
  let o = 0; // flat index into dy, which is [B, outHeight, outWidth, C]
  for (let b = 0; b < batchSize; b++)
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideHeight - info.padInfo.top;
      for (let ox = 0; ox < outWidth; ox++, o += channels) {
        const x0 = ox * strideWidth - info.padInfo.left;
        let n = 0; // row-major, so that the first maximum wins
        for (let y = y0; y < y0 + fh; y += dh)
          for (let xx = x0; xx < x0 + fw; xx += dw)
            if (y >= 0 && y < inHeight && xx >= 0 && xx < inWidth) taps[n++] = ((b * inHeight + y) * inWidth + xx) * channels;
        for (let c = 0; c < channels; c++) {
          let at = -1,
            best = -Infinity;
          for (let k = 0; k < n; k++) {
            const i = taps[k] + c;
            if (x[i] > best) {
              best = x[i];
              at = i;
            }
          }
          if (at >= 0) dx[at] += g[o + c];
        }
      }
    }
  return out;
}

/**
 * dx[tap] += dy[window] / (fh·fw) over every window's in-bounds taps, as on the CPU backend. tfjs-wasm's own loops
 * over every dx pixel and every filter tap: a global average pool's gradient, [256, 8, 8, 64], took ~45 ms.
 */
export function avgPoolGrad({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, input } = inputs as Inputs<'dy' | 'input'>;
  const simd = simdKernels(backend);
  if (!simd) return native(tf.AvgPoolGrad)({ inputs, backend, attrs });
  const { filterSize, strides, pad } = attrs as unknown as tf.AvgPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad);
  const dx = backend.makeOutput(input.shape, 'float32');
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const [dyAt, dxAt] = [offset(backend, dy), offset(backend, dx)];
  runShares(backend, 'avg_pool_grad', planShares(backend, batchSize, batchSize * inHeight * inWidth * channels), ({ start, count }) => [
    dyAt + 4 * start * outHeight * outWidth * channels,
    dxAt + 4 * start * inHeight * inWidth * channels,
    count,
    inHeight,
    inWidth,
    channels,
    outHeight,
    outWidth,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  ]);
  return dx;
}

/**
 * The gradient of nearest-neighbour upsampling by whole factors (the autoencoder's decoder: 2×, neither aligned
 * corners nor half-pixel centres, so output pixel (y, x) reads input (⌊y / fy⌋, ⌊x / fx⌋)): each input pixel's sum over
 * its fy × fx block of dy, which is XNNPACK's average pool times fy·fx (exact for 2×: both scalings are powers of 2).
 * tfjs-wasm's own walks dy with generic index arithmetic: 13.9 ms for [32, 32, 32, 32] where this takes 1.6.
 */
export function resizeNearestNeighborGrad({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { images, dy } = inputs as Inputs<'images' | 'dy'>;
  const { alignCorners, halfPixelCenters } = attrs as unknown as tf.ResizeNearestNeighborGradAttrs;
  const [, h, w] = images.shape;
  const [, oh, ow] = dy.shape;
  if (alignCorners || halfPixelCenters || oh % h !== 0 || ow % w !== 0 || dy.dtype !== 'float32')
    return native(tf.ResizeNearestNeighborGrad)({ inputs, backend, attrs });
  const [fy, fx] = [oh / h, ow / w];
  const dx = runWasm(backend, tf.AvgPool, { x: dy }, { filterSize: [fy, fx], strides: [fy, fx], pad: 'valid' });
  const values = backend.typedArrayFromHeap(dx) as Float32Array;
  for (let i = 0; i < values.length; i++) values[i] *= fy * fx;
  return dx;
}
