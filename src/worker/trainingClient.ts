import * as Comlink from 'comlink';
import type { TrainConfig } from '../core/config';
import type { ImageSet } from '../core/data/imageSet';
import type { MethodId } from '../core/methods/catalog';
import type { Checkpoint, ClassifierKind, RunStatus } from '../core/train/types';
import type { BackendRequest, BackendStatus, ThreadRequest, TrainingApi, WorkerEvent } from './protocol';

/** What the page calls on the trainer: the worker's API as the main thread sees it, plus ending it. */
export interface TrainingPort extends Omit<TrainingApi, 'init' | 'setDataset' | 'extendDataset'> {
  init(request: BackendRequest, threads: ThreadRequest): Promise<BackendStatus>;
  /** The pixels go to the trainer and come back once they are on the device (a worker transfers them: no copies). */
  setDataset(set: ImageSet): Promise<{ set: ImageSet; split: { train: number; test: number } }>;
  /** The current dataset followed by unlabelled images, the pixels handed over the same way. */
  extendDataset(set: ImageSet): Promise<{ set: ImageSet; split: { train: number; test: number } }>;
  terminate(): void;
}

/** Main-thread side of the training worker: typed calls in, events out. */
export class TrainingClient implements TrainingPort {
  private readonly worker: Worker;
  private readonly api: Comlink.Remote<TrainingApi>;
  private end: (e: Error) => void = () => {};
  // rejects when the worker is ended: a call still pending then fails instead of waiting forever
  private readonly ended = new Promise<never>((_, reject) => (this.end = reject));

  constructor(private readonly onEvent: (e: WorkerEvent) => void) {
    this.worker = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' });
    // an uncaught error in the worker: treat it as a crash (the controller replaces the worker)
    this.worker.addEventListener('error', (e) => {
      e.preventDefault(); // handled: it is not the page's uncaught error
      onEvent({ type: 'crash', message: e.message || 'unknown error' });
    });
    this.api = Comlink.wrap<TrainingApi>(this.worker);
    this.ended.catch(() => {});
  }

  /** A call to the worker, or its end, whichever comes first. */
  private call<T>(reply: Promise<T>): Promise<T> {
    return Promise.race([reply, this.ended]);
  }

  init(request: BackendRequest, threads: ThreadRequest): Promise<BackendStatus> {
    return this.call(this.api.init(request, threads, Comlink.proxy(this.onEvent)));
  }

  /** Hands the pixels to the worker (transferred) and takes them back once they are on the device. */
  async setDataset(set: ImageSet): Promise<{ set: ImageSet; split: { train: number; test: number } }> {
    const { split, pixels } = await this.call(this.api.setDataset(Comlink.transfer(set, [set.pixels.buffer])));
    return { set: { ...set, pixels }, split };
  }

  async extendDataset(set: ImageSet): Promise<{ set: ImageSet; split: { train: number; test: number } }> {
    const { split, pixels } = await this.call(this.api.extendDataset(Comlink.transfer(set, [set.pixels.buffer])));
    return { set: { ...set, pixels }, split };
  }

  start(method: MethodId, cfg: TrainConfig, id?: string) {
    return this.call(this.api.start(method, cfg, id));
  }

  /** The checkpoint's weights are transferred to the worker (the caller must not use them afterwards). */
  restore(status: RunStatus, checkpoint: Checkpoint | null) {
    if (!checkpoint) return this.call(this.api.restore(status, null));
    const buffers = [...new Set(Object.values(checkpoint.weights).map((w) => w.values.buffer as ArrayBuffer))];
    return this.call(this.api.restore(status, Comlink.transfer(checkpoint, buffers)));
  }

  crash() {
    return this.call(this.api.crash());
  }

  loseDevice() {
    return this.call(this.api.loseDevice());
  }

  abortWasm() {
    return this.call(this.api.abortWasm());
  }

  suspend() {
    return this.call(this.api.suspend());
  }

  pause(id: string) {
    return this.call(this.api.pause(id));
  }

  resume(id: string) {
    return this.call(this.api.resume(id));
  }

  stop(id: string) {
    return this.call(this.api.stop(id));
  }

  remove(id: string) {
    return this.call(this.api.remove(id));
  }

  visualize(id: string) {
    return this.call(this.api.visualize(id));
  }

  evaluate(id: string) {
    return this.call(this.api.evaluate(id));
  }

  exportable(id: string, classifier: boolean) {
    return this.call(this.api.exportable(id, classifier));
  }

  scratchBaseline(cfg: TrainConfig) {
    return this.call(this.api.scratchBaseline(cfg));
  }

  finetune(id: string, kind: Exclude<ClassifierKind, 'probe'>, steps?: number) {
    return this.call(this.api.finetune(id, kind, steps));
  }

  classify(id: string, kind: ClassifierKind, pixels: Uint8Array, count: number) {
    return this.call(this.api.classify(id, kind, pixels, count));
  }

  memory() {
    return this.call(this.api.memory());
  }

  terminate(): void {
    this.end(new Error('The training worker was stopped.'));
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}
