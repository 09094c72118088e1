import { errorMessage } from '../../core/errors';
import { isLive } from '../../core/train/runState';
import type { BackendName, BackendRequest, ThreadRequest } from '../../worker/contract';
import type { TrainingWorker } from './trainingWorker';
import type { Datasets } from './datasets';
import type { Persistence } from './persistence';
import type { Runs } from './runs';
import { suspendLiveRuns } from './suspend';
import { clearRuns, reportError, showAsLive, useStore } from './store';

/** Where a run goes after its WebGPU device is lost. */
const AFTER_DEVICE_LOSS: BackendName = 'wasm';
/** More worker restarts than this within a minute: stop restarting (the worker cannot start at all). */
const MAX_RESTARTS_PER_MINUTE = 3;

/** Replacing the worker: on a backend switch, after a crash, after a lost GPU device (then resuming by itself). */
export class Recovery {
  private restarts: number[] = []; // epoch ms of recent restarts after a fault
  private queue: Promise<void> = Promise.resolve(); // switches and recoveries, one at a time, in order

  constructor(
    private readonly worker: TrainingWorker,
    private readonly persistence: Persistence,
    private readonly datasets: Datasets,
    private readonly runs: Runs,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Restart the worker on another backend (or WASM on other threads); the dataset is re-uploaded and the runs
   * come back from storage, live ones as interrupted (resumable from their last checkpoint).
   */
  switchBackend(request: BackendRequest, threads: ThreadRequest = this.worker.threads): Promise<void> {
    return this.inTurn(async () => {
      const stopped = await this.worker.call((port) => suspendLiveRuns(port, this.persistence)).catch(() => []); // checkpointed at their steps
      await this.replaceWorker(request, threads);
      if (stopped.length) {
        const list = stopped.map((r) => `${useStore.getState().runMeta[r.id]?.name ?? r.id} at step ${r.step}`).join(', ');
        reportError(
          `Switching the backend stopped ${list}: saved with ${stopped.length === 1 ? 'its' : 'their'} weights at that step; press Resume to continue.`,
        );
      }
    });
  }

  workerCrashed(message: string): Promise<void> {
    return this.recover(`The training worker crashed (${message}).`, this.worker.request, false);
  }

  deviceLost(message: string): Promise<void> {
    return this.recover(`The GPU device was lost (${message}).`, AFTER_DEVICE_LOSS, true);
  }

  /** The backend cannot run anything more (a WASM abort): a fresh worker on the same backend, with its memory freed. */
  backendFailed(message: string): Promise<void> {
    const name = (useStore.getState().backend?.name ?? this.worker.request).toUpperCase();
    return this.recover(
      `The ${name} backend stopped (${message}), most likely out of memory; a fresh one starts. If it happens again, lower the batch size, the width or the resolution.`,
      this.worker.request,
      false,
    );
  }

  private async replaceWorker(request: BackendRequest, threads = this.worker.threads): Promise<void> {
    await this.persistence.flush();
    clearRuns();
    await this.worker.connect(request, (port) => this.datasets.reupload(port), threads);
  }

  /** One switch or recovery after another: a fault reported during a switch is handled once the switch is done. */
  private inTurn(f: () => Promise<void>): Promise<void> {
    const next = this.queue.then(f);
    this.queue = next.catch(() => {});
    return next;
  }

  /**
   * Replace a dead worker: save what the page knows, start a new worker (on `backend`), re-upload the
   * dataset; the runs come back from storage, resumable from their last checkpoint (`autoResume`: at once).
   */
  private recover(what: string, backend: BackendRequest, autoResume: boolean): Promise<void> {
    const failed = this.worker.generation; // the worker that failed
    return this.inTurn(async () => {
      if (failed !== this.worker.generation) return; // replaced meanwhile: its fault is already dealt with
      const now = this.now();
      this.restarts = [...this.restarts.filter((t) => now - t < 60_000), now];
      if (this.restarts.length > MAX_RESTARTS_PER_MINUTE) {
        reportError(`${what} It keeps failing, so it is not restarted again: reload the page or pick another backend.`);
        return;
      }
      // a run the lost device failed mid-step is still live: it resumes from its checkpoint
      const live = useStore
        .getState()
        .runs.filter((r) => isLive(r.state) || (autoResume && r.state === 'error'))
        .map((r) => r.id);
      showAsLive(live); // saved as live, they come back from storage as interrupted
      live.forEach((id) => this.persistence.mark(id));
      reportError(
        `${what} Your runs are kept up to their last checkpoint; ${autoResume ? `continuing on ${backend.toUpperCase()}.` : 'press Resume to continue.'}`,
      );
      await this.replaceWorker(backend);
      if (autoResume)
        for (const id of live) await this.runs.resume(id).catch((e: unknown) => reportError(`Could not resume ${id}: ${errorMessage(e)}`));
    });
  }
}
