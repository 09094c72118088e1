import { errorMessage } from '../../core/errors';
import { isLive } from '../../core/train/runState';
import type { BackendName, BackendRequest } from '../../worker/protocol';
import type { Connection } from './connection';
import type { Datasets } from './datasets';
import type { Persistence } from './persistence';
import type { Runs } from './runs';
import { clearRuns, reportError, showAsLive, useStore } from './store';

/** Where a run goes after its WebGPU device is lost. */
const AFTER_DEVICE_LOSS: BackendName = 'wasm';
/** More worker restarts than this within a minute: stop restarting (the worker cannot start at all). */
const MAX_RESTARTS_PER_MINUTE = 3;

/** Replacing the worker: on a backend switch, after a crash, after a lost GPU device (then resuming by itself). */
export class Recovery {
  private recovering = false;
  private restarts: number[] = []; // epoch ms of recent restarts after a fault

  constructor(
    private readonly connection: Connection,
    private readonly saved: Persistence,
    private readonly datasets: Datasets,
    private readonly runs: Runs,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Restart the worker on another backend; the dataset is re-uploaded and the runs come back from storage,
   * live ones as interrupted (resumable from their last checkpoint).
   */
  async switchBackend(request: BackendRequest): Promise<void> {
    await this.saved.flush();
    clearRuns();
    await this.connection.connect(request);
    await this.datasets.reupload();
  }

  workerCrashed(message: string): Promise<void> {
    return this.recover(`The training worker crashed (${message}).`, this.connection.request, false);
  }

  deviceLost(message: string): Promise<void> {
    return this.recover(`The GPU device was lost (${message}).`, AFTER_DEVICE_LOSS, true);
  }

  /**
   * Replace a dead worker: save what the page knows, start a new worker (on `backend`), re-upload the
   * dataset; the runs come back from storage, resumable from their last checkpoint (`autoResume`: at once).
   */
  private async recover(what: string, backend: BackendRequest, autoResume: boolean): Promise<void> {
    if (this.recovering) return;
    const now = this.now();
    this.restarts = [...this.restarts.filter((t) => now - t < 60_000), now];
    if (this.restarts.length > MAX_RESTARTS_PER_MINUTE) {
      reportError(`${what} It keeps failing, so it is not restarted again: reload the page or pick another backend.`);
      return;
    }
    this.recovering = true;
    try {
      // a run the lost device failed mid-step is still live: it resumes from its checkpoint
      const live = useStore.getState().runs.filter((r) => isLive(r.state) || (autoResume && r.state === 'error')).map((r) => r.id);
      showAsLive(live); // saved as live, they come back from storage as interrupted
      live.forEach((id) => this.saved.mark(id));
      reportError(`${what} Your runs are kept up to their last checkpoint; ${autoResume ? `continuing on ${backend.toUpperCase()}.` : 'press Resume to continue.'}`);
      await this.switchBackend(backend);
      if (autoResume) for (const id of live) await this.runs.resume(id).catch((e: unknown) => reportError(`Could not resume ${id}: ${errorMessage(e)}`));
    } finally {
      this.recovering = false;
    }
  }
}
