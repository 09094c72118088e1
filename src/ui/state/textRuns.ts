// The page's text runs (issue #29): started on the text dataset in the training worker, their status from its
// 'textRun' events. A run that ends (done or stopped) is saved with its encoder weights (Persistence, beside the image
// runs); loading a text dataset lists again the runs saved with its fingerprint.
import { create } from 'zustand';
import type { TextMethodId } from '../../core/methods/textCatalog';
import type { SweepPoint } from '../../core/eval/evaluate';
import type { TextAttention } from '../../core/text/attention';
import type { NextWordGuess } from '../../core/text/nextWord';
import { textFingerprint } from '../../core/text/textFingerprint';
import type { TextSet } from '../../core/text/textSet';
import type { Checkpoint, LossPoint } from '../../core/train/types';
import type { SavedTextRun, TextDatasetKey } from '../../storage/db';
import { isTextBundle } from '../../storage/runZip';
import type { TextBudget, TextRunStatus, TextScratchEvent, TextScratchLength, TextSplit } from '../../worker/textContract';
import type { TrainingPort } from '../../worker/contract';
import type { Persistence } from './persistence';
import { uniqueId } from './runIds';
import { without } from './store';
import type { TabMessage } from './tabs';
import { withTextPoint } from './textCurve';
import type { TrainingWorker } from './trainingWorker';

export interface TextRunsState {
  set: TextSet | null; // the text dataset the runs below trained on
  key: TextDatasetKey | null; // its name, size and fingerprint: what its saved runs are matched by
  split: TextSplit | null;
  runs: TextRunStatus[]; // in start order (saved ones first)
  curves: Record<string, LossPoint[]>; // per run, its loss by step (grown in place: the length is the version)
  typed: Record<string, NextWordGuess[]>; // per run, its guesses for the user's own sentence
  scratch: { points: SweepPoint[]; running: boolean; error: string | null } | null; // supervised from scratch per budget
  sentences: Record<string, string>; // per run, the user's own sentence those guesses are for
}

const empty = (set: TextSet | null, name = 'text'): TextRunsState => ({
  set,
  key: set && { name, texts: set.texts.length, fingerprint: textFingerprint(set) },
  split: null,
  runs: [],
  curves: {},
  typed: {},
  scratch: null,
  sentences: {},
});
export const useTextRuns = create<TextRunsState>(() => empty(null));

/** Runs of the same text dataset: saved with the fingerprint of the set on the page. */
export const sameText = (a: TextDatasetKey, b: TextDatasetKey) => a.fingerprint === b.fingerprint && a.texts === b.texts;
const ended = (state: TextRunStatus['state']) => state === 'done' || state === 'stopped';
const busy = (state: TextRunStatus['state']) => state === 'training' || state === 'evaluating';

/** The runs' job for text: send the text dataset to the worker when it is new there, start and stop runs, save them, ask for guesses. */
export class TextRuns {
  private sent: { set: TextSet; generation: number } | null = null; // what the current worker holds
  private readonly held = new Set<string>(); // finished runs whose model the current worker holds
  private readonly onShown: ((set: TextSet) => Promise<void>)[] = [];

  constructor(
    private readonly worker: TrainingWorker,
    private readonly persistence: Persistence,
  ) {}

  /** `f` runs each time a text dataset is shown, after its saved runs are listed (a link's autostart). */
  whenShown(f: (set: TextSet) => Promise<void>): void {
    this.onShown.push(f);
  }

  /** A text dataset is on the page: its saved runs (same fingerprint) are listed again. */
  async shown(name: string, set: TextSet): Promise<void> {
    useTextRuns.setState(empty(set, name));
    const key = useTextRuns.getState().key!;
    const saved = (await this.persistence.listTextRuns()).filter((r) => sameText(r.dataset, key));
    this.list(set, saved);
    for (const f of this.onShown) await f(set);
  }

  /** A 'textRun' event: the run's new status (a run of a dataset the page no longer shows, or one ended with an error, is left as it is); an ended run is saved. */
  handle(status: TextRunStatus, checkpoint?: Checkpoint): void {
    const { runs, key } = useTextRuns.getState();
    const known = runs.find((r) => r.id === status.id);
    if ((!known && status.state !== 'training') || known?.state === 'error') return;
    useTextRuns.setState((s) => ({
      runs: known ? s.runs.map((r) => (r.id === status.id ? status : r)) : [...s.runs, status],
      curves: { ...s.curves, [status.id]: withTextPoint(s.curves[status.id] ?? [], status) },
    }));
    if (!ended(status.state) || !key) return;
    if (checkpoint) this.held.add(status.id);
    const run: SavedTextRun = {
      modality: 'text',
      id: status.id,
      status,
      curve: useTextRuns.getState().curves[status.id],
      dataset: key,
      checkpointStep: checkpoint?.step ?? null,
      savedAt: Date.now(),
    };
    this.persistence.saveText({ run, checkpoint: checkpoint ?? null });
  }

  /** The worker failed (a crash, a lost device, an aborted backend): its text runs and dataset are gone with it. */
  workerLost(): void {
    this.sent = null;
    this.held.clear();
    const lost = (r: TextRunStatus): TextRunStatus => ({
      ...r,
      state: 'error',
      error: 'The training worker stopped before this run ended: start it again.',
    });
    useTextRuns.setState((s) => ({
      runs: s.runs.map((r) => (busy(r.state) ? lost(r) : r)),
      scratch: s.scratch?.running
        ? { ...s.scratch, running: false, error: 'The training worker stopped before the baseline ended.' }
        : s.scratch,
    }));
  }

  /** Train `method` on `set` (the text dataset shown); runs of another dataset are forgotten. Returns the run's id (unique in every tab). */
  async start(set: TextSet, method: TextMethodId, budget: TextBudget): Promise<string> {
    if (useTextRuns.getState().set !== set) useTextRuns.setState(empty(set));
    const onPage = useTextRuns.getState().runs.map((r) => r.id);
    const [id] = await this.persistence.reserveIds((taken) => [uniqueId(`text-${method}`, [...taken, ...onPage])]);
    await this.worker.call(async (port) => {
      await this.send(port, set);
      await port.startText(method, budget, id);
    }, `starting ${id}`);
    void this.persistence.askPersistence();
    return id;
  }

  /** Train supervised from scratch at each label budget on `set` (the text dataset shown), for `length` per budget. */
  async startScratch(set: TextSet, length: TextScratchLength): Promise<void> {
    if (useTextRuns.getState().set !== set) useTextRuns.setState(empty(set));
    await this.worker.call(async (port) => {
      await this.send(port, set);
      await port.startTextScratch(length);
    }, 'the supervised text baseline');
  }

  /** A 'textScratch' event: the baseline's points so far (the worker drops its jobs when the text dataset changes). */
  scratchEvent({ points, done, error }: TextScratchEvent): void {
    useTextRuns.setState({ scratch: { points, running: !done, error } });
  }

  /** Start a run and wait for it to end (the worker trains one text run at a time: a link's methods go one after another). */
  async train(set: TextSet, method: TextMethodId, budget: TextBudget): Promise<void> {
    const id = await this.start(set, method, budget);
    await new Promise<void>((resolve) => {
      const check = () => {
        const run = useTextRuns.getState().runs.find((r) => r.id === id);
        if (run && busy(run.state)) return;
        unsubscribe();
        resolve();
      };
      const unsubscribe = useTextRuns.subscribe(check);
      check();
    });
  }

  /** End a training run at the step it reached: it is evaluated there and listed as stopped. */
  stop(id: string): Promise<void> {
    return this.worker.call((port) => port.stopText(id), `stopping ${id}`);
  }

  /** Delete an ended run: from storage (every tab), the page and the worker. */
  async remove(id: string): Promise<void> {
    const run = useTextRuns.getState().runs.find((r) => r.id === id);
    if (run && busy(run.state)) throw new Error(`${id} is still training: stop it first.`);
    await this.persistence.remove(id);
    this.drop(id);
    if (this.held.delete(id)) await this.worker.call((port) => port.forgetText(id), `freeing ${id}`);
  }

  /** The run's guesses for each word of the user's sentence, kept for the stepper; a saved run's weights are loaded into the worker first. */
  async guess(id: string, sentence: string): Promise<void> {
    const guesses = await this.withModel(id, 'guessing', (port) => port.textGuesses(id, sentence));
    useTextRuns.setState((s) => ({ typed: { ...s.typed, [id]: guesses }, sentences: { ...s.sentences, [id]: sentence } }));
  }

  /** A finished run's attention on `sentence`, per block and head. */
  attention(id: string, sentence: string): Promise<TextAttention> {
    return this.withModel(id, 'reading attention', (port) => port.textAttention(id, sentence));
  }

  /** `f` on the worker once it holds run `id`'s model: a saved run's weights are loaded into it first. */
  private withModel<T>(id: string, what: string, f: (port: TrainingPort) => Promise<T>): Promise<T> {
    const { set, runs } = useTextRuns.getState();
    const run = runs.find((r) => r.id === id);
    if (!set || !run) throw new Error(`There is no text run "${id}" on the page.`);
    return this.worker.call(async (port) => {
      await this.send(port, set);
      if (!this.held.has(id)) await this.restore(port, run);
      return f(port);
    }, what);
  }

  /** Runs imported from a zip: listed when they were trained on the text dataset shown. */
  imported(runs: SavedTextRun[]): void {
    const { set, key } = useTextRuns.getState();
    if (set && key)
      this.list(
        set,
        runs.filter((r) => sameText(r.dataset, key)),
      );
  }

  /** What another tab said: a text run it saved joins this page (same dataset), one it deleted leaves. */
  heard(m: TabMessage): void {
    if (m.type === 'deleted') this.drop(m.id);
    const { set } = useTextRuns.getState();
    if (m.type !== 'saved' || !set) return;
    void this.persistence
      .entry(m.id)
      .then((b) => b && isTextBundle(b) && this.imported([b.run]))
      .catch(() => {}); // a failed read: the run shows at the next load
  }

  private list(set: TextSet, saved: SavedTextRun[]): void {
    useTextRuns.setState((s) => {
      if (s.set !== set) return s;
      const fresh = saved.filter((r) => !s.runs.some((x) => x.id === r.id));
      const curves = Object.fromEntries(fresh.map((r) => [r.id, r.curve ?? []])); // saved before curves were kept: none
      return fresh.length ? { runs: [...s.runs, ...fresh.map((r) => r.status)], curves: { ...s.curves, ...curves } } : s;
    });
  }

  private drop(id: string): void {
    useTextRuns.setState((s) => ({ runs: s.runs.filter((r) => r.id !== id), curves: without(s.curves, id) }));
  }

  private async restore(port: TrainingPort, run: TextRunStatus): Promise<void> {
    const cp = await this.persistence.getCheckpoint(run.id);
    if (!cp) throw new Error(`The weights of ${run.id} were not kept: train it again to type sentences.`);
    await port.restoreText(run.id, run.method, cp);
    this.held.add(run.id);
  }

  private async send(port: TrainingPort, set: TextSet): Promise<void> {
    const { generation } = this.worker;
    if (this.sent?.set === set && this.sent.generation === generation) return;
    const split = await port.setTextDataset(set);
    this.sent = { set, generation };
    this.held.clear(); // a new dataset in the worker frees the runs' models
    useTextRuns.setState({ split });
  }
}
