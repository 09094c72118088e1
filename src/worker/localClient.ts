import type { ImageSet } from '../core/data/imageSet';
import type { WorkerEvent } from './protocol';
import { createTrainingApi } from './trainingApi';
import type { TrainingPort } from './trainingClient';

/**
 * The trainer in this thread, behind the same port as the worker (tests of the page's services run the real
 * Trainer and TensorFlow.js in Node this way; the WASM backend finds its binaries in node_modules).
 */
export class LocalTrainingClient implements TrainingPort {
  private live = true;
  private readonly training = createTrainingApi({});
  private readonly api = this.training.api;

  constructor(private readonly onEvent: (e: WorkerEvent) => void) {}

  init: TrainingPort['init'] = (request, threads) => this.api.init(request, threads, (e) => this.live && this.onEvent(e));

  async setDataset(set: ImageSet) {
    const { split, pixels } = await this.api.setDataset({ ...set, pixels: set.pixels.slice() });
    return { set: { ...set, pixels }, split };
  }

  async extendDataset(set: ImageSet) {
    const { split, pixels } = await this.api.extendDataset({ ...set, pixels: set.pixels.slice() });
    return { set: { ...set, pixels }, split };
  }

  start: TrainingPort['start'] = (...a) => this.api.start(...a);
  restore: TrainingPort['restore'] = (...a) => this.api.restore(...a);
  suspend: TrainingPort['suspend'] = () => this.api.suspend();
  pause: TrainingPort['pause'] = (id) => this.api.pause(id);
  resume: TrainingPort['resume'] = (id) => this.api.resume(id);
  stop: TrainingPort['stop'] = (id) => this.api.stop(id);
  remove: TrainingPort['remove'] = (id) => this.api.remove(id);
  visualize: TrainingPort['visualize'] = (id) => this.api.visualize(id);
  evaluate: TrainingPort['evaluate'] = (id) => this.api.evaluate(id);
  exportable: TrainingPort['exportable'] = (...a) => this.api.exportable(...a);
  scratchBaseline: TrainingPort['scratchBaseline'] = (cfg) => this.api.scratchBaseline(cfg);
  finetune: TrainingPort['finetune'] = (...a) => this.api.finetune(...a);
  classify: TrainingPort['classify'] = (...a) => this.api.classify(...a);
  memory: TrainingPort['memory'] = () => this.api.memory();
  loseDevice: TrainingPort['loseDevice'] = () => this.api.loseDevice();
  abortWasm: TrainingPort['abortWasm'] = () => this.api.abortWasm();

  /** What a worker crash looks like from the page: the 'crash' event (the worker itself would be gone). */
  async crash(): Promise<void> {
    this.onEvent({ type: 'crash', message: 'Simulated crash (local)' });
  }

  /** Stops delivering events and frees the trainer, as ending the worker would. */
  terminate(): void {
    this.live = false;
    this.training.dispose();
  }
}
