import { DEFAULT_BUDGET, type Budget } from '../../core/budget';
import { defaultConfig, type TrainConfig } from '../../core/config';
import { methodInfo, recipeConfig, type MethodId } from '../../core/methods/catalog';
import type { WorkerEvent } from '../../worker/protocol';
import { TrainingClient } from '../../worker/trainingClient';
import { Archive } from './archive';
import { firstAutostart } from './autostart';
import { Connection, type PortFactory } from './connection';
import { Datasets } from './datasets';
import { planNow, watchSpeeds } from './estimates';
import { Exports } from './exports';
import { Persistence } from './persistence';
import { Recovery } from './recovery';
import { Runs } from './runs';
import type { RunStatus } from '../../core/train/types';
import { shareRuns } from './sharedRuns';
import { reportError, setAutostartSkipped, setMemory, useStore } from './store';
import { Tabs } from './tabs';
import { experimentQuery, type Experiment } from './urlParams';

/**
 * The page's services, wired together: the worker connection, the dataset, the runs, saved runs and zips,
 * recovery. Components call these; the store holds what they show. Nothing starts until boot().
 */
export function createApp(makePort: PortFactory = (onEvent) => new TrainingClient(onEvent)) {
  let experiment: Experiment | null = null;
  let autostartPending = false;
  let unshare = () => {};
  const toFinetune = new Set<string>(); // autostarted runs a finetune=… link fine-tunes once they are probed
  const tabs = new Tabs();
  const saved = new Persistence((m) => tabs.tell(m));
  const connection = new Connection(makePort, dispatch);
  const runs: Runs = new Runs(connection, saved, tabs, () => datasets.settled());
  const archive = new Archive(saved, tabs);
  const exports = new Exports(runs);
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
      const id = await runs.start(m, linkRunConfig(m));
      if (!experiment.finetune.length) continue;
      toFinetune.add(id);
      const now = useStore.getState().runs.find((r) => r.id === id);
      if (now) finetuneWhenProbed(now); // it may have finished already
    }
  }

  /** How long the link's runs train: its `steps=` when it has one, else the default time budget. */
  function experimentBudget(): Budget {
    return experiment?.steps !== undefined ? { kind: 'steps', steps: experiment.steps, from: 'link' } : DEFAULT_BUDGET;
  }

  /** A method's run config: its recipe, then what the experiment link sets, at the dataset's resolution. */
  function experimentConfig(method: MethodId): TrainConfig {
    const e = experiment;
    const given = e ? { seed: e.seed, ...(e.steps !== undefined && { steps: e.steps }), ...(e.batchSize !== undefined && { batchSize: e.batchSize }) } : {};
    return { ...recipeConfig(methodInfo(method)), resolution: datasets.resolution, ...given };
  }

  /** The link's run of `method`, with the steps its budget resolves to on the loaded dataset and backend. */
  function linkRunConfig(method: MethodId): TrainConfig {
    const cfg = experimentConfig(method);
    return { ...cfg, steps: planNow(method, cfg, experimentBudget())?.steps ?? cfg.steps };
  }

  /** Start the worker, then the dataset kept from last time, or else the sample (unless the link says none or the user picked one). */
  async function boot(exp: Experiment): Promise<void> {
    experiment = exp;
    watchSpeeds();
    autostartPending = exp.autostart && exp.methods.length > 0;
    unshare = shareRuns(tabs, saved, archive, runs);
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

  /** Stop hearing other tabs and free this tab's runs (the page closes; tests). */
  const close = () => {
    unshare();
    connection.close();
  };

  return { boot, close, experiment: () => experiment, experimentBudget, experimentConfig, linkRunConfig, datasets, runs, archive, exports, recovery, debug, saved, connection };
}

export type App = ReturnType<typeof createApp>;

/** The page's one app. */
export const app = createApp();
