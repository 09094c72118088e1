import * as Comlink from 'comlink';
import type { ImageSet } from '../core/data/imageSet';
import { portOf, type ForwardedCommands, type TrainingPort, type WorkerEnd, type WorkerEvent } from './contract';

/**
 * The port to a new training worker (a Web Worker, over Comlink): the contract's commands go in, events come out.
 * A call still pending when the worker is ended fails instead of waiting forever.
 */
export function openWorkerPort(onEvent: (e: WorkerEvent) => void): TrainingPort {
  const worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
  // an uncaught error in the worker: treat it as a crash (the page replaces the worker)
  worker.addEventListener('error', (e) => {
    e.preventDefault(); // handled: it is not the page's uncaught error
    onEvent({ type: 'crash', message: e.message || 'unknown error' });
  });
  const remote = Comlink.wrap<WorkerEnd>(worker);
  const commands: ForwardedCommands = remote; // the forwarded commands, derived from the contract by Comlink's types
  let end: (e: Error) => void = () => {};
  const ended = new Promise<never>((_, reject) => (end = reject));
  ended.catch(() => {});
  const call = <T>(reply: Promise<T>): Promise<T> => Promise.race([reply, ended]);

  /** Hands the pixels to the worker (transferred) and takes them back once they are on the device. */
  const handOver = async (send: typeof remote.setDataset, set: ImageSet) => {
    const { split, pixels } = await call(send(Comlink.transfer(set, [set.pixels.buffer])));
    return { set: { ...set, pixels }, split };
  };

  return portOf((name, args) => call((commands[name] as (...a: unknown[]) => Promise<unknown>)(...args)), {
    init: (request, threads) => call(remote.init(request, threads, Comlink.proxy(onEvent))),
    setDataset: (set) => handOver(remote.setDataset, set),
    extendDataset: (set) => handOver(remote.extendDataset, set),
    restore(status, checkpoint) {
      const weights = checkpoint ? [...new Set(Object.values(checkpoint.weights).map((w) => w.values.buffer as ArrayBuffer))] : [];
      return call(remote.restore(status, checkpoint && Comlink.transfer(checkpoint, weights)));
    },
    terminate() {
      end(new Error('The training worker was stopped.'));
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  });
}
