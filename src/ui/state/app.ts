import { defaultConfig, type TrainConfig } from '../../core/config';
import { methodInfo, recipeConfig, type MethodId } from '../../core/methods/catalog';
import type { WorkerEvent } from '../../worker/protocol';
import { TrainingClient } from '../../worker/trainingClient';
import { Archive } from './archive';
import { firstAutostart } from './autostart';
import { Connection, type PortFactory } from './connection';
import { Datasets } from './datasets';
import { Persistence } from './persistence';
import { Recovery } from './recovery';
import { Runs } from './runs';
import type { RunStatus } from '../../core/train/types';
import { reportError, setAutostartSkipped, setMemory, useStore } from './store';
import { experimentQuery, type Experiment } from './urlParams';

/**
 * The page's services, wired together: the worker connection, the dataset, the runs, saved runs and zips,
 * recovery. Components call these; the store holds what they show. Nothing starts until boot().
 */
export function createApp(makePort: PortFactory = (onEvent) => new TrainingClient(onEvent)) {
  let experiment: Experiment | null = null;
  let autostartPending = false;
  const toFinetune = new Set<string>(); // autostarted runs a finetune=… link fine-tunes once they are probed
  const saved = new Persistence();
  const connection = new Connection(makePort, dispatch);
  const runs: Runs = new Runs(connection, saved, () => datasets.settled());
  const archive = new Archive(saved);
  const datasets: Datasets = new Datasets(connection, saved, () => experiment?.resolution ?? defaultConfig.resolution, datasetReady, (port) => runs.suspend(port), () => experiment?.pool ?? true);
  const recovery = new Recovery(connection, saved, datasets, runs);

  function dispatch(e: WorkerEvent): void {
    if (e.type === 'memory') setMemory(e.memory);
    else if (e.type === 'error') reportError(e.message);
    else if (e.type === 'crash') void recovery.workerCrashed(e.message);
    else if (e.type === 'deviceLost') void recovery.deviceLost(e.message);
    else if (e.type === 'backendFailed') void recovery.backendFailed(e.message);
    else {
      runs.handle(e);
      if (e.type === 'run') finetuneWhenProbed(e.status);
    }
  }

  /** A finetune=… link: an autostarted run, finished and probed, is fine-tuned (then semi-supervised, with finetune=semi) once. */
  function finetuneWhenProbed(status: RunStatus): void {
    if (!toFinetune.has(status.id) || status.state !== 'done' || !status.probe?.sweep) return;
    toFinetune.delete(status.id);
    void (async () => {
      for (const kind of experiment?.finetune ?? []) await runs.finetune(status.id, kind, experiment?.finetuneSteps);
    })();
  }

  /** A dataset is on the page: its saved runs join it, and an experiment link's methods start (once per link and browser). */
  async function datasetReady(): Promise<void> {
    await archive.showSaved();
    if (!autostartPending || !experiment) return;
    autostartPending = false;
    if (!firstAutostart(experimentQuery(experiment))) return setAutostartSkipped(true);
    for (const m of experiment.methods) {
      const id = await runs.start(m, experimentConfig(m));
      if (!experiment.finetune.length) continue;
      toFinetune.add(id);
      const now = useStore.getState().runs.find((r) => r.id === id);
      if (now) finetuneWhenProbed(now); // it may have finished already
    }
  }

  /** A method's run config: its recipe, then what the experiment link sets, at the dataset's resolution. */
  function experimentConfig(method: MethodId): TrainConfig {
    const e = experiment;
    const given = e ? { seed: e.seed, ...(e.steps !== undefined && { steps: e.steps }), ...(e.batchSize !== undefined && { batchSize: e.batchSize }) } : {};
    return { ...recipeConfig(methodInfo(method)), resolution: datasets.resolution, ...given };
  }

  /** Start the worker, then the dataset kept from last time, or else the sample (unless the link says none or the user picked one). */
  async function boot(exp: Experiment): Promise<void> {
    experiment = exp;
    autostartPending = exp.autostart && exp.methods.length > 0;
    void saved.refreshUse();
    await connection.connect(exp.backend, undefined, exp.threads);
    await datasets.restore(exp.dataset === 'sample');
  }

  /** Debug hooks (`?debug=1`): force the faults the recovery paths handle. */
  const debug = {
    crashWorker: async () => (await connection.ready()).crash(),
    loseDevice: async () => (await connection.ready()).loseDevice(),
    abortWasm: async () => (await connection.ready()).abortWasm(),
  };

  return { boot, experiment: () => experiment, experimentConfig, datasets, runs, archive, recovery, debug, saved, connection };
}

export type App = ReturnType<typeof createApp>;

/** The page's one app. */
export const app = createApp();
