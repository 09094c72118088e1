import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/core/backend/select';
import { defaultConfig, type TrainConfig } from '../src/core/config';
import { BatchSampler } from '../src/core/data/sampler';
import { getMethod, methods } from '../src/core/methods/registry';
import { Rng } from '../src/core/rng';
import { Trainer } from '../src/core/train/trainer';
import { Run } from '../src/core/train/run';
import { loadSample } from '../src/ingest/sample';
import { wasmAssetPaths } from '../src/worker/wasmAssets';
import { matmulGflops, profileStep, timeLoop } from './measure';
import { REFERENCE, type Budget, type BenchWorkerApi, type TrainerTiming } from './protocol';
import { referenceTrainer } from './referenceNet';

// One backend per worker, as in the app: the real backend selection, the real sample dataset, the real Trainer.
let trainer: Trainer | null = null;
let cfg: TrainConfig = defaultConfig;
let events = 0;

const need = (): Trainer => {
  if (!trainer?.trainingData) throw new Error('The bench worker is not initialised.');
  return trainer;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const elapsed = (t0: number) => (performance.now() - t0) / 1000;

/** The method's model and Adam, trained by the plainest tfjs loop: gather, variableGrads, applyGradients. */
function bareStep(method: string): { step: () => tf.Tensor; dispose: () => void } {
  const data = need().trainingData!;
  const rng = new Rng(cfg.seed);
  const sample = data.images.gather(data.train.slice(0, 512));
  const model = getMethod(method).create({ cfg, numClasses: data.numClasses, rng: rng.fork(), sample });
  sample.dispose();
  const sampler = new BatchSampler(data.train, cfg.batchSize, rng.seed());
  const optimizer = tf.train.adam(cfg.learningRate);
  const step = () =>
    tf.tidy(() => {
      const idx = sampler.next();
      const batch = { images: data.images.gather(idx), labels: tf.gather(data.labels, tf.tensor1d(idx, 'int32')) as tf.Tensor1D };
      const { value, grads } = tf.variableGrads(() => model.step(batch, rng).loss, model.variables);
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      return value;
    });
  return { step, dispose: () => (optimizer.dispose(), model.dispose()) };
}

const api: BenchWorkerApi = {
  async init(backend, batchSize, threads = 'auto') {
    const choice = await selectBackend(backend, { wasmPaths: wasmAssetPaths, threads });
    cfg = { ...defaultConfig, batchSize, steps: 1_000_000 };
    trainer = new Trainer(() => events++);
    trainer.setDataset(await loadSample(cfg.resolution, '/'));
    return { name: choice.name, adapter: choice.adapter, reason: choice.reason, wasmThreads: choice.threads?.used ?? null };
  },

  methods: () => methods.map((m) => ({ id: m.id, label: m.label, trainable: m.trainable })),

  /** The app's path: Trainer.start, its scheduler and read-back, paused (between slices) around the timed stretch. */
  async trainer(method, budget) {
    const l = need();
    const status = l.start(method, cfg);
    const failed = () => l.statuses().find((s) => s.id === status.id)?.error;
    const run = status.state === 'error' ? null : l.run(status.id);
    const until = async (done: () => boolean) => {
      while (!done() && !failed()) await sleep(5);
      l.pause(status.id);
      await l.idle();
      const err = failed();
      if (err) throw new Error(err);
    };
    try {
      if (!run) throw new Error(failed() ?? 'the run did not start');
      await until(() => run.step >= budget.warmup);
      const tensorsBefore = tf.memory().numTensors,
        s0 = run.step,
        e0 = events,
        t0 = performance.now();
      l.resume(status.id);
      await until(() => run.step - s0 >= budget.minSteps && elapsed(t0) >= budget.seconds);
      const seconds = elapsed(t0),
        steps = run.step - s0;
      const timing: TrainerTiming = {
        steps,
        seconds,
        imagesPerSec: (steps * cfg.batchSize) / seconds,
        tensorsBefore,
        tensorsAfter: tf.memory().numTensors,
        events: events - e0,
      };
      return timing;
    } finally {
      l.remove(status.id);
    }
  },

  async bare(method, budget) {
    const b = bareStep(method);
    try {
      return await timeLoop(b.step, budget, cfg.batchSize);
    } finally {
      b.dispose();
    }
  },

  /** One step of the app's Run under tf.profile (only where kernels time synchronously: wasm, cpu). */
  async profile(method) {
    const run = new Run(getMethod(method), cfg, need().trainingData!);
    try {
      for (let i = 0; i < 2; i++) run.trainStep();
      await run.drain(true);
      const p = await profileStep(() => run.trainStep());
      await run.drain(true);
      return p;
    } finally {
      run.dispose();
    }
  },

  matmul: (n, seconds) => matmulGflops(n, seconds),

  async reference(budget: Budget, profile = false) {
    const trainer = referenceTrainer(need().trainingData!, cfg.seed);
    try {
      const timing = await timeLoop(trainer.step, budget, REFERENCE.batch);
      return { ...timing, profile: profile ? await profileStep(() => trainer.step().dispose()) : null };
    } finally {
      trainer.dispose();
    }
  },

  memory: () => {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  },
};

Comlink.expose(api);
