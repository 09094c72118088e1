// WebGPU kernels of our own, registered over tfjs-backend-webgpu 4.22's where its shader cannot use a real GPU.
// Conv2DBackpropFilter: tfjs runs one thread per filter weight, each looping over the whole batch and every output
// pixel (64×32×32 products per thread at batch 64; 4096×32×32 for rotation at batch 1024). A 3×3×3×16 filter
// is 432 threads: an H200 then trained rotation no faster at batch 1024 than at 64 (481 against 498 images/s). Here
// the batch is split into chunks of about CHUNK_PRODUCTS products per thread, in two passes: every (chunk, weight)
// pair sums its share into a partial table [chunks, weights]; then one thread per weight adds its column.
// Import this module only with the WebGPU backend (it imports tfjs-backend-webgpu, which registers the backend).
import * as tf from '@tensorflow/tfjs';
import { webgpu_util, type WebGPUBackend, type WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

const WEBGPU = 'webgpu';
/** Products each thread of the first pass sums: small enough for thousands of threads, large enough to hide the table. */
const CHUNK_PRODUCTS = 2048;

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** A flat program: one thread per output element, `index` its flat position. */
abstract class FlatProgram implements WebGPUProgram {
  abstract variableNames: string[];
  abstract uniforms: string;
  abstract shaderKey: string;
  workgroupSize: [number, number, number] = [64, 1, 1];
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  size = true;

  constructor(readonly outputShape: number[]) {
    this.dispatchLayout = webgpu_util.flatDispatchLayout(outputShape);
    this.dispatch = webgpu_util.computeDispatch(this.dispatchLayout, outputShape, this.workgroupSize);
  }

  abstract getUserCode(): string;
}

/** Pass 1: partial[chunk, weight] = the chunk's images' share of dW[weight]; weights flat in [fh, fw, inC, outC] order. */
class FilterGradPartialProgram extends FlatProgram {
  variableNames = ['x', 'dy'];
  uniforms =
    'pads : vec2<i32>, strides : vec2<i32>, batchSize : i32, outHeight : i32, outWidth : i32, inHeight : i32, inWidth : i32, chunk : i32, weights : i32, inChannels : i32, outChannels : i32, filterWidth : i32,';
  shaderKey = 'pretextConv2DDerFilterPartial';

  constructor(chunks: number, weights: number) {
    super([chunks, weights]);
  }

  getUserCode(): string {
    return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        let w = index % uniforms.weights;
        let d2 = w % uniforms.outChannels;
        let d1 = (w / uniforms.outChannels) % uniforms.inChannels;
        let tap = w / (uniforms.outChannels * uniforms.inChannels);
        let wR = tap / uniforms.filterWidth;
        let wC = tap % uniforms.filterWidth;
        let b0 = (index / uniforms.weights) * uniforms.chunk;
        let b1 = min(b0 + uniforms.chunk, uniforms.batchSize);
        var dotProd = 0.0;
        for (var b = b0; b < b1; b = b + 1) {
          for (var yR = 0; yR < uniforms.outHeight; yR = yR + 1) {
            let xR = wR + yR * uniforms.strides[0] - uniforms.pads[0];
            if (xR < 0 || xR >= uniforms.inHeight) {
              continue;
            }
            for (var yC = 0; yC < uniforms.outWidth; yC = yC + 1) {
              let xC = wC + yC * uniforms.strides[1] - uniforms.pads[1];
              if (xC < 0 || xC >= uniforms.inWidth) {
                continue;
              }
              dotProd = dotProd + getX(b, xR, xC, d1) * getDy(b, yR, yC, d2);
            }
          }
        }
        setOutputAtIndex(index, dotProd);
      }
    }`;
  }
}

/** Pass 2: dW[weight] = the sum of partial[·, weight] over the chunks. */
class ColumnSumProgram extends FlatProgram {
  variableNames = ['partial'];
  uniforms = 'chunks : i32,';
  shaderKey = 'pretextColumnSum';

  getUserCode(): string {
    return `
    fn main(index : i32) {
      if (index < uniforms.size) {
        var sum = 0.0;
        for (var c = 0; c < uniforms.chunks; c = c + 1) {
          sum = sum + partial[c * uniforms.size + index];
        }
        setOutputAtIndex(index, sum);
      }
    }`;
  }
}

/** How many images each thread of pass 1 covers, and how many chunks that makes of the batch. */
function chunking(batch: number, outHeight: number, outWidth: number): { chunk: number; chunks: number } {
  const chunk = Math.max(1, Math.min(batch, Math.floor(CHUNK_PRODUCTS / Math.max(1, outHeight * outWidth))));
  return { chunk, chunks: Math.ceil(batch / chunk) };
}

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
}

let native: tf.KernelFunc | null = null;

function conv2DBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const backend = args.backend as unknown as WebGPUBackend;
  if (tf.backend_util.convertConv2DDataFormat(dataFormat) !== 'channelsLast')
    return native!(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  const info: ConvInfo = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const weights = filterShape.reduce((a, b) => a * b, 1);
  const { chunk, chunks } = chunking(info.batchSize, info.outHeight, info.outWidth);
  const int = (...data: number[]) => ({ type: 'int32', data });
  const partial = backend.runWebGPUProgram(new FilterGradPartialProgram(chunks, weights), [x, dy], 'float32', [
    int(info.padInfo.top, info.padInfo.left),
    int(info.strideHeight, info.strideWidth),
    int(info.batchSize),
    int(info.outHeight),
    int(info.outWidth),
    int(info.inHeight),
    int(info.inWidth),
    int(chunk),
    int(weights),
    int(info.inChannels),
    int(info.outChannels),
    int(info.filterWidth),
  ]);
  const dw = backend.runWebGPUProgram(new ColumnSumProgram([...filterShape]), [partial], 'float32', [int(chunks)]);
  backend.disposeData(partial.dataId);
  return dw;
}

const ours = conv2DBackpropFilter as unknown as tf.KernelFunc;
const registered = () => tf.getKernel(tf.Conv2DBackpropFilter, WEBGPU)?.kernelFunc;

function use(kernelFunc: tf.KernelFunc): void {
  if (registered()) tf.unregisterKernel(tf.Conv2DBackpropFilter, WEBGPU);
  tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: WEBGPU, kernelFunc });
}

/** Registers our WebGPU kernels over tfjs-webgpu's (kept for the cases ours leave to it); idempotent. */
export function registerWebGpuTrainingKernels(): void {
  const current = registered();
  if (current === ours) return;
  native = current ?? null;
  use(ours);
}

/** tfjs-webgpu's own kernels back (the GPU bench times them against ours); registerWebGpuTrainingKernels undoes it. */
export function restoreTfjsWebGpuKernels(): void {
  if (native && registered() === ours) use(native);
}
