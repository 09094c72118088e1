import { errorMessage } from '../../core/errors';
import { DEFAULT_BUDGET, type Budget } from '../../core/budget';
import type { TrainConfig } from '../../core/config';
import { methodInfo, recipeConfig, type MethodId } from '../../core/methods/catalog';
import type { TextSet } from '../../core/text/textSet';
import type { RunStatus } from '../../core/train/types';
import type { TextBudget } from '../../worker/textContract';
import { firstAutostart } from './autostart';
import type { Datasets } from './datasets';
import { planNow } from './estimates';
import type { Runs } from './runs';
import { reportError, setAutostartSkipped, useStore } from './store';
import type { TextRuns } from './textRuns';
import { experimentQuery, type Experiment } from './urlParams';

/** What the page's link asks for: its run settings, and the runs it starts (then fine-tunes) once, with the first dataset. */
export class ExperimentLink {
  experiment: Experiment | null = null;
  private autostartPending = false;
  private textPending = false;
  private readonly toFinetune = new Set<string>(); // autostarted runs a finetune=… link fine-tunes once they are probed

  constructor(
    private readonly runs: Runs,
    private readonly datasets: Datasets,
  ) {}

  /** The link the page opened with (at boot). */
  open(exp: Experiment): void {
    this.experiment = exp;
    this.autostartPending = exp.autostart && exp.methods.length > 0;
    this.textPending = exp.autostart && exp.textMethods.length > 0;
    this.datasets.startResolution = exp.resolution;
    this.datasets.withPool = exp.pool;
  }

  /** How long the link's runs train: its `steps=` when it has one, else the default time budget. */
  budget(): Budget {
    const steps = this.experiment?.steps;
    return steps !== undefined ? { kind: 'steps', steps, from: 'link' } : DEFAULT_BUDGET;
  }

  /** A method's run config: its recipe, then what the experiment link sets, at the dataset's resolution. */
  config(method: MethodId): TrainConfig {
    const e = this.experiment;
    const given = e
      ? { seed: e.seed, ...(e.steps !== undefined && { steps: e.steps }), ...(e.batchSize !== undefined && { batchSize: e.batchSize }) }
      : {};
    return { ...recipeConfig(methodInfo(method)), resolution: this.datasets.resolution, ...given };
  }

  /** The link's run of `method`, with the steps its budget resolves to on the loaded dataset and backend. */
  runConfig(method: MethodId): TrainConfig {
    const cfg = this.config(method);
    return { ...cfg, steps: planNow(method, cfg, this.budget())?.steps ?? cfg.steps };
  }

  /** A dataset is on the page: the link's methods start (once per link and browser). */
  async autostart(): Promise<void> {
    const e = this.experiment;
    if (!this.autostartPending || !e) return;
    this.autostartPending = false;
    if (!firstAutostart(experimentQuery(e))) return setAutostartSkipped(true);
    for (const m of e.methods) {
      const id = await this.runs.start(m, this.runConfig(m));
      if (!e.finetune.length) continue;
      this.toFinetune.add(id);
      const now = useStore.getState().runs.find((r) => r.id === id);
      if (now) this.runChanged(now); // it may have finished already
    }
  }

  /** The text sample is on the page: a dataset=text link's text methods train on it, one after another (once per link and browser). */
  async autostartText(text: TextRuns, set: TextSet): Promise<void> {
    const e = this.experiment;
    if (!this.textPending || !e) return;
    this.textPending = false;
    if (!firstAutostart(experimentQuery(e))) return setAutostartSkipped(true);
    const budget: TextBudget = {
      ...(e.steps !== undefined ? { steps: e.steps } : { seconds: 60 }), // the text lab's Quick length
      ...(e.batchSize !== undefined && { batchSize: e.batchSize }),
    };
    for (const m of e.textMethods)
      await text.train(set, m, budget).catch((err: unknown) => reportError(`The link's ${m} run did not start: ${errorMessage(err)}`));
  }

  /** A finetune=… link: an autostarted run, finished and probed, is fine-tuned (then semi-supervised, with finetune=semi) once. */
  runChanged(status: RunStatus): void {
    if (!this.toFinetune.has(status.id) || status.state !== 'done' || !status.probe?.sweep) return;
    this.toFinetune.delete(status.id);
    void (async () => {
      for (const kind of this.experiment?.finetune ?? []) await this.runs.finetune(status.id, kind, this.experiment?.finetuneSteps);
    })();
  }
}
