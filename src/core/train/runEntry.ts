import { checkLoss, checkWeights } from './failures';
import type { Run } from './run';
import type { RunState } from './runState';
import type { Checkpoint, CurvePoint, RunStatus, TrainerEvent } from './types';

/** Progress messages per run are throttled to at most one per this many ms. */
const EMIT_INTERVAL_MS = 100;

/** One run as the Trainer holds it: its status, its model, and the curve points and timing not yet announced. */
export class RunEntry {
  run: Run | null = null; // null once disposed (after an error in construction)
  private points: CurvePoint[] = []; // not yet emitted
  private lastEmit = 0;
  private resumeAt: number | null = null; // epoch ms when the current running stretch began

  constructor(
    readonly status: RunStatus,
    public lastCheckpoint: Checkpoint | null,
    private readonly emit: (e: TrainerEvent) => void,
  ) {}

  /** Take new curve points (each checked: a NaN loss fails the run, the points before it are kept). */
  record(points: CurvePoint[]): void {
    for (const p of points) {
      checkLoss(p, this.status.config);
      this.points.push(p);
      this.status.step = p.step;
      this.status.loss = p.loss;
      this.status.metrics = p.metrics;
    }
  }

  /** `images` trained in `ms`: the images/s shown, smoothed. */
  measure(images: number, ms: number): void {
    const rate = images / Math.max(1e-3, ms / 1000);
    this.status.imagesPerSec = this.status.imagesPerSec ? 0.8 * this.status.imagesPerSec + 0.2 * rate : rate;
  }

  /** The run's weights at its step; its curve reaches that step, and is announced, first. */
  async checkpoint(): Promise<Checkpoint> {
    this.record(await this.run!.drain(true));
    this.flush(true);
    const cp = await this.run!.checkpoint(this.status.id);
    checkWeights(cp, this.status.config);
    this.lastCheckpoint = cp;
    return cp;
  }

  setState(state: RunState): void {
    const now = Date.now();
    if (this.status.state === 'running' && this.resumeAt !== null) this.status.elapsedMs += now - this.resumeAt;
    this.resumeAt = state === 'running' ? now : null;
    if (state === 'running' && this.status.startedAt === null) this.status.startedAt = now;
    this.status.state = state;
    this.flush(true);
  }

  /** Announce the status and the points since the last announcement (throttled unless `force`). */
  flush(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastEmit < EMIT_INTERVAL_MS) return;
    this.lastEmit = now;
    const elapsed = this.status.elapsedMs + (this.resumeAt !== null ? Date.now() - this.resumeAt : 0);
    this.emit({ type: 'run', status: { ...this.status, elapsedMs: elapsed }, points: this.points.splice(0) });
  }
}
