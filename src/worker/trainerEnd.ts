import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type SelectOptions } from '../core/backend/select';
import { errorMessage } from '../core/errors';
import { largestGpuBuffer, memoryBudget, type MemoryBudget } from '../core/train/memory';
import { finetuneDefaults } from '../core/config';
import { Trainer } from '../core/train/trainer';
import type { Checkpoint, TrainerEvent } from '../core/train/types';
import { createTextEnd } from './textEnd';
import type { DebugCommands, TrainerCommands, WorkerEnd, WorkerEvent, WorkerHandOvers } from './contract';

/** The WebGPU device of the active backend, when it is WebGPU. */
const gpuDevice = () =>
  tf.getBackend() === 'webgpu'
    ? (
        tf.backend() as unknown as {
          device?: {
            lost: Promise<{ message: string }>;
            destroy(): void;
            limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
          };
        }
      ).device
    : undefined;

/** tfjs-wasm's Emscripten module, when the backend is WASM: `onAbort` is called when it aborts; `tfjs.dispose` drops its tensors. */
const wasmModule = () =>
  tf.getBackend() === 'wasm'
    ? (tf.backend() as unknown as { wasm: { onAbort?: (what: unknown) => void; tfjs: { dispose(): void } } }).wasm
    : undefined;

/** A checkpoint with its own copies of the weights. */
function copied(cp: Checkpoint): Checkpoint {
  return { ...cp, weights: Object.fromEntries(Object.entries(cp.weights).map(([k, w]) => [k, { ...w, values: w.values.slice() }])) };
}

const buffers = (cp: Checkpoint) => Object.values(cp.weights).map((w) => w.values.buffer as ArrayBuffer);

/** The plain commands, passed to the trainer; weights that leave it are copied (the backend may own the arrays) and transferred. */
function trainerCommands(need: () => Trainer, held: () => Trainer | null, textRuns: () => number): TrainerCommands {
  return {
    start: async (method, cfg, id) => void need().start(method, cfg, id),
    async suspend() {
      const kept = (await need().suspend()).map((k) => ({ ...k, checkpoint: copied(k.checkpoint) }));
      return Comlink.transfer(
        kept,
        kept.flatMap((k) => buffers(k.checkpoint)),
      );
    },
    pause: async (id) => need().pause(id),
    resume: async (id) => need().resume(id),
    stop: async (id) => need().stop(id),
    remove: async (id) => need().remove(id),
    visualize: (id) => need().visualize(id),
    evaluate: (id) => need().evaluate(id),
    async exportable(id, classifier) {
      const out = await need().exportable(id, classifier);
      const checkpoint = copied(out.checkpoint);
      return Comlink.transfer({ ...out, checkpoint }, buffers(checkpoint));
    },
    scratchBaseline: async (cfg) => void (await need().scratchBaseline(cfg)),
    finetune: async (id, kind, steps) =>
      void (await need().finetune(id, kind, { ...finetuneDefaults, ...(steps !== undefined && { steps }) })),
    classify: (id, kind, pixels, count) => need().classify(id, kind, pixels, count),
    async memory() {
      const m = tf.memory();
      const trainer = held(); // none when the backend could not start: its tensors still count
      return {
        numBytes: m.numBytes,
        numTensors: m.numTensors,
        runs: (trainer?.statuses().length ?? 0) + textRuns(),
        dataset: Boolean(trainer?.trainingData),
      };
    },
  };
}

const debugCommands: DebugCommands = {
  async crash() {
    setTimeout(() => {
      throw new Error('Simulated crash (debug)');
    });
  },
  async loseDevice() {
    const device = gpuDevice();
    device?.destroy();
    return Boolean(device);
  },
  async abortWasm() {
    const wasm = wasmModule();
    wasm?.tfjs.dispose(); // the C++ side forgets every tensor: the next kernel aborts the module
    return Boolean(wasm);
  },
};

/** The training worker's end of the port, thin: it picks the backend, then passes every command to the DOM-free Trainer. */
export function createWorkerEnd(options: SelectOptions) {
  let trainer: Trainer | null = null;
  let emit: (e: WorkerEvent) => void = () => {};
  let budget: MemoryBudget | null = null; // the backend's, once init picked it
  const text = createTextEnd(
    (e) => emit(e),
    () => budget,
  );

  const need = (): Trainer => {
    if (!trainer) throw new Error('The training worker is not initialised.');
    return trainer;
  };

  /** Checkpoint weights are copied (the backend may own the arrays) and the copies transferred, not cloned. */
  function send(e: TrainerEvent): void {
    if (e.type !== 'checkpoint') return emit(e);
    const checkpoint = copied(e.checkpoint);
    emit(Comlink.transfer({ ...e, checkpoint }, buffers(checkpoint)));
  }

  const handOvers: WorkerHandOvers = {
    async init(request, threads, onEvent) {
      emit = onEvent;
      const backend = await selectBackend(request, { ...options, threads });
      const device = gpuDevice();
      budget = memoryBudget(backend.name, device ? largestGpuBuffer(device.limits) : Infinity);
      const t = (trainer = new Trainer(send, budget));
      void device?.lost.then((info) => emit({ type: 'deviceLost', message: info.message || 'the GPU device was lost' }));
      const wasm = wasmModule();
      if (wasm) wasm.onAbort = (what) => t.backendFailed(`Aborted(${what === undefined ? '' : String(what)})`); // wherever it aborts
      return backend;
    },
    async setDataset(set) {
      const split = need().setDataset(set);
      return Comlink.transfer({ split, pixels: set.pixels }, [set.pixels.buffer]);
    },
    async extendDataset(set) {
      const split = need().extendDataset(set);
      return Comlink.transfer({ split, pixels: set.pixels }, [set.pixels.buffer]);
    },
    restore: async (status, checkpoint) => void need().restore(status, checkpoint),
  };

  const end: WorkerEnd = { ...trainerCommands(need, () => trainer, text.runs), ...text.commands, ...debugCommands, ...handOvers };
  return {
    end,
    /** Anything that escapes a command (an unhandled rejection in the worker) is reported as an error event. */
    reportUnhandled: (reason: unknown) => emit({ type: 'error', message: errorMessage(reason) }),
    /** Frees the trainer and its tensors (what ending the worker does; the in-thread port of tests calls it). */
    dispose(): void {
      trainer?.dispose();
      trainer = null;
      text.dispose();
      emit = () => {};
    },
  };
}
