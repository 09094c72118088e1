import type { MethodId } from '../../core/methods/catalog';
import type { PortFactory, WorkerEvent } from '../../worker/contract';
import { openWorkerPort } from '../../worker/workerPort';
import { Archive } from './archive';
import { Datasets } from './datasets';
import { watchSpeeds } from './estimates';
import { ExperimentLink } from './experimentLink';
import { Exports } from './exports';
import { Persistence } from './persistence';
import { Recovery } from './recovery';
import { Runs } from './runs';
import { shareRuns } from './sharedRuns';
import { heldInWorker, reportError, setMemory } from './store';
import { Tabs } from './tabs';
import { TextRuns } from './textRuns';
import { TrainingWorker } from './trainingWorker';
import type { Experiment } from './urlParams';

/**
 * The page's services, wired together: the training worker, the dataset, the runs, saved runs and zips,
 * recovery. Each depends only on those made before it; events from the worker flow one way, to the page (Runs)
 * and to storage (Persistence). Components call these; the store holds what they show. Nothing starts until boot().
 */
export function createApp(openPort: PortFactory = openWorkerPort) {
  let unshare = () => {};
  const tabs = new Tabs();
  const persistence = new Persistence((m) => tabs.tell(m));
  const worker = new TrainingWorker(openPort, dispatch);
  const datasets = new Datasets(worker, persistence);
  const runs = new Runs(worker, persistence, tabs, datasets);
  const text = new TextRuns(worker, persistence);
  const archive = new Archive(persistence, tabs, (saved) => text.imported(saved));
  const exports = new Exports(runs);
  const recovery = new Recovery(worker, persistence, datasets, runs);
  const link = new ExperimentLink(runs, datasets);
  text.whenShown(async (set) => link.autostartText(text, set));
  datasets.whenShown(() => archive.showSaved()); // its saved runs join it
  datasets.whenReady(() => link.autostart());

  function dispatch(e: WorkerEvent): void {
    if (e.type === 'crash' || e.type === 'deviceLost' || e.type === 'backendFailed') text.workerLost();
    if (e.type === 'memory') setMemory(e.memory);
    else if (e.type === 'error') reportError(e.message);
    else if (e.type === 'crash') void recovery.workerCrashed(e.message);
    else if (e.type === 'deviceLost') void recovery.deviceLost(e.message);
    else if (e.type === 'backendFailed') void recovery.backendFailed(e.message);
    else if (e.type === 'textRun') text.handle(e.status, e.checkpoint);
    else if (e.type === 'textScratch') text.scratchEvent(e);
    else if (e.type !== 'run' || heldInWorker(e.status.id)) {
      // a late word about a run the worker no longer holds (the dataset changed) is dropped
      runs.handle(e);
      persistence.handle(e);
      if (e.type === 'run') link.runChanged(e.status);
    }
  }

  /** Start the worker, then the dataset kept from last time, or else the sample (unless the link says none or the user picked one). */
  async function boot(exp: Experiment): Promise<void> {
    link.open(exp);
    watchSpeeds();
    unshare = shareRuns(tabs, persistence, archive, runs, text);
    void persistence.refreshUse();
    await worker.connect(exp.backend, undefined, exp.threads);
    await datasets.restore(exp.dataset === 'sample');
  }

  /** Stop hearing other tabs and free this tab's runs (the page closes; tests). */
  const close = () => {
    unshare();
    worker.close();
  };

  const fromLink = {
    experiment: () => link.experiment,
    experimentBudget: () => link.budget(),
    experimentConfig: (method: MethodId) => link.config(method),
    linkRunConfig: (method: MethodId) => link.runConfig(method),
  };
  return { boot, close, ...fromLink, datasets, runs, text, archive, exports, recovery, debug: debugHooks(worker), persistence, worker };
}

/** Debug hooks (`?debug=1`): force the faults the recovery paths handle. */
function debugHooks(worker: TrainingWorker) {
  return {
    crashWorker: async () => (await worker.ready()).crash(),
    loseDevice: async () => (await worker.ready()).loseDevice(),
    abortWasm: async () => (await worker.ready()).abortWasm(),
  };
}

export type App = ReturnType<typeof createApp>;

/** The page's one app. */
export const app = createApp();
