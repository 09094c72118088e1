import type { ImageSet } from '../core/data/imageSet';
import { portOf, type TrainingPort, type WorkerEvent } from './contract';
import { createWorkerEnd } from './trainerEnd';

/**
 * The port to a trainer in this thread, the worker's end called directly (tests of the page's services run the real
 * Trainer and TensorFlow.js in Node this way; the WASM backend finds its binaries in node_modules).
 */
export function openLocalPort(onEvent: (e: WorkerEvent) => void): TrainingPort {
  let live = true;
  const training = createWorkerEnd({});
  const { end } = training;
  // the pixels are copied where a worker would transfer them
  const handOver = async (send: typeof end.setDataset, set: ImageSet) => {
    const { split, pixels } = await send({ ...set, pixels: set.pixels.slice() });
    return { set: { ...set, pixels }, split };
  };
  return portOf((name, args) => (end[name] as (...a: unknown[]) => Promise<unknown>)(...args), {
    init: (request, threads) => end.init(request, threads, (e) => live && onEvent(e)),
    setDataset: (set) => handOver(end.setDataset, set),
    extendDataset: (set) => handOver(end.extendDataset, set),
    restore: (status, checkpoint) => end.restore(status, checkpoint),
    /** What a worker crash looks like from the page: the 'crash' event (the worker itself would be gone). */
    crash: async () => onEvent({ type: 'crash', message: 'Simulated crash (local)' }),
    /** Stops delivering events and frees the trainer, as ending the worker would. */
    terminate() {
      live = false;
      training.dispose();
    },
  });
}
