import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

// What our wasm kernels share: their signature, running tfjs-wasm's own kernels, and the natives ours replaced.

export const WASM = 'wasm';

export type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: BackendWasm; attrs?: tf.NamedAttrMap };
export type Kernel<Out = tf.TensorInfo> = (args: KernelArgs) => Out;
/** A kernel's named inputs, all present. */
export type Inputs<K extends string> = Record<K, tf.TensorInfo>;

/** Runs a kernel already registered for the wasm backend, on that backend. */
export function runWasm(backend: tf.KernelBackend, name: string, inputs: tf.NamedTensorInfoMap, attrs: object = {}): tf.TensorInfo {
  const config = tf.getKernel(name, WASM);
  if (!config) throw new Error(`wasm kernel ${name} is not registered`);
  return config.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}

export function disposeAll(backend: tf.KernelBackend, infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** tfjs-wasm's own kernels that ours replaced, for the cases ours hand back to them (see each kernel). */
export const natives = new Map<string, Kernel<tf.TensorInfo | tf.TensorInfo[]>>();

/** The native kernel `name` (one output, or `Out` for a kernel with several). */
export function native<Out = tf.TensorInfo>(name: string): Kernel<Out> {
  const kernel = natives.get(name);
  if (!kernel) throw new Error(`no native wasm ${name} kernel to fall back to`);
  return kernel as Kernel<Out>;
}
