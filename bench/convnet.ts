import convnetjs, { type Layer, type Net, type Vol } from 'convnetjs';
import type { ImageSet } from '../src/core/data/imageSet';
import { REFERENCE } from './protocol';

/** Global average pooling, which ConvNetJS lacks: [sx, sy, depth] → [1, 1, depth]. */
class GlobalAvgPool implements Layer {
  readonly out_sx = 1;
  readonly out_sy = 1;
  private input: Vol | null = null;
  private output: Vol | null = null;

  constructor(readonly out_depth: number) {}

  forward(v: Vol): Vol {
    const d = this.out_depth,
      n = v.sx * v.sy;
    const out = new convnetjs.Vol(1, 1, d, 0);
    for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) out.w[c] += v.w[i * d + c];
    for (let c = 0; c < d; c++) out.w[c] /= n;
    this.input = v;
    this.output = out;
    return out;
  }

  backward(): void {
    const v = this.input!,
      g = this.output!.dw,
      d = this.out_depth,
      n = v.sx * v.sy;
    v.dw = new Float64Array(v.w.length);
    for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) v.dw[i * d + c] = g[c] / n;
  }

  getParamsAndGrads() {
    return [];
  }
}

/** The reference network in ConvNetJS: its conv/pool stack, our average pool, then fc + softmax. */
function referenceNet(): Net {
  const r = REFERENCE.resolution;
  const body = new convnetjs.Net();
  body.makeLayers([
    { type: 'input', out_sx: r, out_sy: r, out_depth: 3 },
    ...REFERENCE.convs.flatMap((filters, i) => [
      ...(i > 0 ? [{ type: 'pool', sx: 2, stride: 2 }] : []),
      { type: 'conv', sx: 3, filters, stride: 1, pad: 1, activation: 'relu' },
    ]),
  ]);
  const depth = REFERENCE.convs[REFERENCE.convs.length - 1];
  const head = new convnetjs.Net();
  head.makeLayers([
    { type: 'input', out_sx: 1, out_sy: 1, out_depth: depth },
    { type: 'softmax', num_classes: REFERENCE.classes },
  ]);
  const net = new convnetjs.Net();
  net.layers = [...body.layers, new GlobalAvgPool(depth), ...head.layers.slice(1)];
  return net;
}

/** Images per second of ConvNetJS' SGD trainer (batch 32, no momentum) on the first `pool` images, after warm-up. */
export function convnetImagesPerSec(set: ImageSet, opts: { warmupImages: number; minImages: number; seconds: number; pool?: number }) {
  const r = set.resolution,
    n = Math.min(opts.pool ?? 256, set.labels.length);
  const vols = Array.from({ length: n }, (_, i) => {
    const v = new convnetjs.Vol(r, r, 3, 0);
    for (let j = 0; j < r * r * 3; j++) v.w[j] = set.pixels[i * r * r * 3 + j] / 255;
    return v;
  });
  const trainer = new convnetjs.Trainer(referenceNet(), {
    method: 'sgd',
    learning_rate: REFERENCE.learningRate,
    batch_size: REFERENCE.batch,
    momentum: 0,
    l2_decay: 0,
  });
  let k = 0,
    loss = 0;
  // ConvNetJS trains one image at a time and updates the weights every batch_size images.
  const batch = () => {
    for (let b = 0; b < REFERENCE.batch; b++, k++)
      loss = trainer.train(vols[k % n], Math.max(0, set.labels[k % n]) % REFERENCE.classes).loss;
  };
  while (k < opts.warmupImages) batch();
  const start = k,
    t0 = performance.now();
  do batch();
  while (k - start < opts.minImages || performance.now() - t0 < opts.seconds * 1000);
  const seconds = (performance.now() - t0) / 1000;
  return { imagesPerSec: (k - start) / seconds, images: k - start, seconds, loss };
}
