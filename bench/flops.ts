import { REFERENCE } from './protocol';

/** One kernel call as tf.profile records it (the fields the counter reads). */
export interface KernelShapes {
  name: string;
  inputShapes: (number[] | null)[];
  outputShapes: number[][];
}

const size = (shape: number[] | null | undefined): number => (shape ?? []).reduce((a, b) => a * b, 1);
const batchOf = (shape: number[]): number => size(shape.slice(0, -2));

/**
 * Multiply-adds ×2 of the convolutions and matrix products in one kernel call, from its shapes alone;
 * every other kernel (elementwise, pooling, reductions) counts 0, so a step's total is a lower bound.
 * Input order is the one tfjs ops pass: Conv2D {x, filter}, Conv2DBackpropInput {dy, filter},
 * Conv2DBackpropFilter {x, dy}, BatchMatMul {a, b}.
 */
export function kernelFlops(k: KernelShapes): number {
  const [in0, in1] = k.inputShapes;
  const out = k.outputShapes[0];
  switch (k.name) {
    case 'Conv2D':
    case 'FusedConv2D': {
      const [fh, fw, cin] = in1!;
      return 2 * size(out) * fh * fw * cin;
    }
    case 'Conv2DBackpropInput': {
      const [fh, fw, cin] = in1!;
      return 2 * size(in0) * fh * fw * cin;
    }
    case 'Conv2DBackpropFilter': {
      const [fh, fw, cin] = out;
      return 2 * size(in1) * fh * fw * cin;
    }
    case 'DepthwiseConv2dNative': {
      const [fh, fw] = in1!;
      return 2 * size(out) * fh * fw;
    }
    case 'BatchMatMul':
    case '_FusedMatMul': {
      // a holds m·k values per batch, b k·n, the output m·n: k = √(mk · kn / mn), whichever side is transposed.
      const mk = size(in0) / batchOf(in0!),
        kn = size(in1) / batchOf(in1!),
        mn = size(out) / batchOf(out);
      return 2 * size(out) * Math.round(Math.sqrt((mk * kn) / mn));
    }
    default:
      return 0;
  }
}

export function stepFlops(kernels: KernelShapes[]): number {
  return kernels.reduce((sum, k) => sum + kernelFlops(k), 0);
}

/** The reference network's FLOPs per step, counted by hand (the counter must agree). */
export function referenceFlops(): number {
  const { batch, resolution, convs, classes } = REFERENCE;
  const fwd = convs.map((cout, i) => {
    const side = resolution / 2 ** i,
      cin = i === 0 ? 3 : convs[i - 1];
    return 2 * batch * side * side * cout * 9 * cin;
  });
  const dense = 2 * batch * convs[convs.length - 1] * classes;
  // forward + weight gradients of every layer + input gradients of all but the first conv (the image needs none)
  return fwd.reduce((a, b) => a + b, 0) * 3 - fwd[0] + dense * 3;
}
