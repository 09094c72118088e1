import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../core/backend/select';
import { Lab } from '../core/train/lab';
import type { TrainingApi, WorkerEvent } from './protocol';
import { wasmAssetPaths } from './wasmAssets';

/** Thin handler: picks the backend, then forwards every command to the DOM-free Lab. */
let lab: Lab | null = null;
let emit: (e: WorkerEvent) => void = () => {};

const need = (): Lab => {
  if (!lab) throw new Error('The training worker is not initialised.');
  return lab;
};

const api: TrainingApi = {
  async init(request, onEvent) {
    emit = onEvent;
    const backend = await selectBackend(request, { wasmPaths: wasmAssetPaths });
    lab = new Lab((e) => emit(e));
    return backend;
  },
  async setDataset(set) {
    const split = need().setDataset(set);
    return Comlink.transfer({ split, pixels: set.pixels }, [set.pixels.buffer]);
  },
  async start(method, cfg) {
    return need().start(method, cfg);
  },
  async pause(id) {
    need().pause(id);
  },
  async resume(id) {
    need().resume(id);
  },
  async stop(id) {
    need().stop(id);
  },
  async remove(id) {
    need().remove(id);
  },
  async visualize(id) {
    return need().visualize(id);
  },
  async evaluate(id) {
    return need().evaluate(id);
  },
  async scratchBaseline(cfg) {
    await need().scratchBaseline(cfg);
  },
  async memory() {
    const m = tf.memory();
    return { numBytes: m.numBytes, numTensors: m.numTensors };
  },
};

self.addEventListener('unhandledrejection', (e) => emit({ type: 'error', message: String(e.reason?.message ?? e.reason) }));
Comlink.expose(api);
