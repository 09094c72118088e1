import * as tf from '@tensorflow/tfjs';
import { errorMessage } from '../errors';
import { failureMessage, isBackendFailure } from './failures';
import { memoryRefusal, type MemoryBudget } from './memory';
import { milestonesAfter } from './milestones';
import type { RunEntry } from './runEntry';
import type { RunEvaluation, TrainerEvent } from './types';

/**
 * The Trainer's stepping: a cooperative scheduler that trains one run at a time in slices (queued ones wait, in
 * order), checkpoints and probes each at its milestones, and lets the Trainer answer commands between slices.
 */
export class Scheduler {
  private looping = false;
  private broken = false; // the backend failed: nothing runs on it again
  private readonly toProbe = new Set<string>(); // stopped runs whose encoder is probed between slices

  constructor(
    private readonly entries: ReadonlyMap<string, RunEntry>,
    private readonly evaluate: (id: string, sweep: boolean) => Promise<RunEvaluation>,
    private readonly emit: (e: TrainerEvent) => void,
    private readonly budget: MemoryBudget | null, // none: no check
  ) {}

  /** Train the queued runs, unless a loop already does. */
  kick(): void {
    if (!this.looping) void this.loop();
  }

  /** Probe a stopped run (with the label sweep) at the step it reached, before the next slice. */
  probeLater(id: string): void {
    this.toProbe.add(id);
    this.kick();
  }

  /** Resolves when no run is queued or running. */
  async idle(): Promise<void> {
    while (this.looping) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * The backend can no longer run anything (a WASM abort, or the worker saw its module abort): say so once and stop
   * training; the runs keep their state, so the page lists the live ones as interrupted once it has a new backend.
   */
  backendFailed(message: string): void {
    if (this.broken) return;
    this.broken = true;
    this.emit({ type: 'backendFailed', message });
  }

  /** The run failed; a backend failure is not the run's fault alone: it stays live. */
  fail(e: RunEntry, err: unknown): void {
    if (isBackendFailure(err)) return this.backendFailed(errorMessage(err));
    e.status.error = failureMessage(err, e.status.config);
    e.setState('error');
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      for (;;) {
        await this.probeStopped();
        const e = this.next();
        if (!e) break;
        await this.slice(e);
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      this.looping = false;
    }
  }

  /** The running run, or else the first queued one (new or resumed) whose step fits the backend, which starts running. */
  private next(): RunEntry | undefined {
    if (this.broken) return undefined;
    const all = [...this.entries.values()];
    const running = all.find((e) => e.status.state === 'running');
    if (running) return running;
    const queued = all.find((e) => e.status.state === 'queued');
    if (!queued) return undefined;
    const refusal = this.refusal(queued);
    if (refusal) {
      queued.status.error = refusal;
      queued.setState('error');
      return this.next();
    }
    queued.setState('running');
    return queued;
  }

  /** Why the run's step cannot fit the backend with what is allocated now, or null. */
  private refusal(e: RunEntry): string | null {
    if (!this.budget || !e.run) return null;
    return memoryRefusal(
      e.status.method,
      e.status.config,
      e.run.model.variables.map((v) => v.size),
      this.budget,
      tf.memory().numBytes,
    );
  }

  private async slice(e: RunEntry): Promise<void> {
    const run = e.run!;
    const t0 = performance.now();
    const before = run.step;
    try {
      const points = await run.advance();
      e.measure((run.step - before) * run.cfg.batchSize, performance.now() - t0);
      e.record(points);
      const due = milestonesAfter(before, run.step, run.cfg);
      if (due.checkpoint) this.emit({ type: 'checkpoint', checkpoint: await e.checkpoint() });
      if (due.probe) await this.evaluate(e.status.id, false);
      if (run.done && e.status.state === 'running') {
        e.setState('done');
        await this.evaluate(e.status.id, true).catch((err) => {
          e.status.error = `The run finished but its evaluation failed: ${errorMessage(err)}`;
        });
      }
    } catch (err) {
      this.fail(e, err);
    }
    e.flush(e.status.state !== 'running');
  }

  /** The runs stopped since the last slice, probed (with the label sweep) at the step they reached. */
  private async probeStopped(): Promise<void> {
    for (const id of [...this.toProbe]) {
      this.toProbe.delete(id);
      const e = this.entries.get(id);
      if (e?.status.state !== 'stopped' || !e.run) continue;
      await this.evaluate(id, true).catch((err) => {
        if (isBackendFailure(err)) return this.backendFailed(errorMessage(err));
        e.status.error = `The run stopped but its evaluation failed: ${errorMessage(err)}`;
        e.flush(true);
      });
    }
  }
}
