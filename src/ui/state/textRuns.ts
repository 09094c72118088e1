// The page's text runs (issue #29): started on the text dataset in the training worker, their status from its
// 'textRun' events. Not saved: a reload forgets them.
import { create } from 'zustand';
import type { TextMethodId } from '../../core/methods/textCatalog';
import type { TextAttention } from '../../core/text/attention';
import type { NextWordGuess } from '../../core/text/nextWord';
import type { TextSet } from '../../core/text/textSet';
import type { TextBudget, TextRunStatus, TextSplit } from '../../worker/textContract';
import type { TrainingPort } from '../../worker/contract';
import { uniqueId } from './runIds';
import type { TrainingWorker } from './trainingWorker';

export interface TextRunsState {
  set: TextSet | null; // the text dataset the runs below trained on
  split: TextSplit | null;
  runs: TextRunStatus[]; // in start order
  typed: Record<string, NextWordGuess[]>; // per run, its guesses for the user's own sentence
  sentences: Record<string, string>; // per run, the user's own sentence those guesses are for
}

const empty = (set: TextSet | null): TextRunsState => ({ set, split: null, runs: [], typed: {}, sentences: {} });
export const useTextRuns = create<TextRunsState>(() => empty(null));

/** The runs' job for text: send the text dataset to the worker when it is new there, start runs, ask for guesses. */
export class TextRuns {
  private sent: { set: TextSet; generation: number } | null = null; // what the current worker holds

  constructor(private readonly worker: TrainingWorker) {}

  /** A 'textRun' event: the run's new status (a run of a dataset the page no longer shows, or one ended with an error, is left as it is). */
  handle(status: TextRunStatus): void {
    useTextRuns.setState((s) => {
      const known = s.runs.find((r) => r.id === status.id);
      if ((!known && status.state !== 'training') || known?.state === 'error') return s;
      return { runs: known ? s.runs.map((r) => (r.id === status.id ? status : r)) : [...s.runs, status] };
    });
  }

  /** The worker failed (a crash, a lost device, an aborted backend): its text runs and dataset are gone with it. */
  workerLost(): void {
    this.sent = null;
    const lost = (r: TextRunStatus): TextRunStatus => ({
      ...r,
      state: 'error',
      error: 'The training worker stopped before this run ended: start it again.',
    });
    useTextRuns.setState((s) => ({ runs: s.runs.map((r) => (r.state === 'training' || r.state === 'evaluating' ? lost(r) : r)) }));
  }

  /** Train `method` on `set` (the text dataset shown); runs of another dataset are forgotten. Returns the run's id. */
  async start(set: TextSet, method: TextMethodId, budget: TextBudget): Promise<string> {
    if (useTextRuns.getState().set !== set) useTextRuns.setState(empty(set));
    const id = uniqueId(
      `text-${method}`,
      useTextRuns.getState().runs.map((r) => r.id),
    );
    await this.worker.call(async (port) => {
      await this.send(port, set);
      await port.startText(method, budget, id);
    }, `starting ${id}`);
    return id;
  }

  /** The run's guesses for each word of the user's sentence, kept for the stepper. */
  async guess(id: string, sentence: string): Promise<void> {
    const guesses = await this.worker.call((port) => port.textGuesses(id, sentence), 'guessing');
    useTextRuns.setState((s) => ({ typed: { ...s.typed, [id]: guesses }, sentences: { ...s.sentences, [id]: sentence } }));
  }

  /** A finished run's attention on `sentence`, per block and head. */
  attention(id: string, sentence: string): Promise<TextAttention> {
    return this.worker.call((port) => port.textAttention(id, sentence), 'reading attention');
  }

  private async send(port: TrainingPort, set: TextSet): Promise<void> {
    const { generation } = this.worker;
    if (this.sent?.set === set && this.sent.generation === generation) return;
    const split = await port.setTextDataset(set);
    this.sent = { set, generation };
    useTextRuns.setState({ split });
  }
}
