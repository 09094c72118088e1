import { errorMessage } from '../../core/errors';
import type { BackendRequest, PortFactory, ThreadRequest, TrainingPort, WorkerEvent } from '../../worker/contract';
import { reportError, setBackend, setMemory, setPreparing } from './store';

const MEMORY_POLL_MS = 2000;

/** The training worker's life: starts it on a backend, polls its memory, hands out its port, replaces it. */
export class TrainingWorker {
  private port: TrainingPort | null = null;
  private memoryTimer: ReturnType<typeof setInterval> | null = null;
  private starting: Promise<void> | null = null; // the current worker's backend start
  private up = false; // the current worker's backend has started (or failed to)
  private failure: string | null = null; // why the current worker's backend could not start
  private waiting = 0; // user actions waiting for the worker to be up
  request: BackendRequest = 'auto'; // what the current worker was asked to run on
  threads: ThreadRequest = 'auto'; // and on how many WASM threads
  generation = 0; // counts workers: a fault of a worker that was replaced since is not acted on

  constructor(
    private readonly factory: PortFactory,
    private readonly onEvent: (e: WorkerEvent) => void,
  ) {}

  /**
   * End the current worker and start one on `request` (WASM on `threads`, by default the current worker's); a
   * replaced worker's last words are ignored. `setUp` (the dataset again, after a crash or a switch) runs on the new
   * port before anyone else may use it.
   */
  connect(request: BackendRequest, setUp: (port: TrainingPort) => Promise<void> = async () => {}, threads = this.threads): Promise<void> {
    this.close();
    this.request = request;
    this.threads = threads;
    this.generation++;
    const port: TrainingPort = this.factory((e) => {
      if (this.port === port) this.onEvent(e);
    });
    this.port = port;
    this.starting = this.start(port, setUp);
    return this.starting;
  }

  /**
   * `f` on the worker once it is up. When that worker is replaced before `f` is answered (it crashed meanwhile), `f`
   * runs once more on the new one: a Start or a Resume pressed at that moment is not lost.
   */
  async call<T>(f: (port: TrainingPort) => Promise<T>, what?: string): Promise<T> {
    for (let retried = false; ; retried = true) {
      const worker = this.generation;
      const port = await this.ready(what);
      try {
        return await f(port);
      } catch (e) {
        if (retried || worker === this.generation) throw e;
      }
    }
  }

  /**
   * The worker's port once its backend is up. An action taken while the worker starts (or restarts after a fault)
   * waits for it, and the page says so ("Preparing the training worker…"): nothing a user does early fails.
   */
  async ready(what = 'your action'): Promise<TrainingPort> {
    while (!this.up && this.starting) {
      this.waiting++;
      setPreparing(what);
      try {
        await this.starting; // a newer worker may start meanwhile: the loop waits for that one too
      } finally {
        if (--this.waiting === 0) setPreparing(null);
      }
    }
    if (this.failure) throw new Error(this.failure);
    return this.need();
  }

  need(): TrainingPort {
    if (!this.port) throw new Error('The training worker is not running.');
    return this.port;
  }

  close(): void {
    if (this.memoryTimer) clearInterval(this.memoryTimer);
    this.memoryTimer = null;
    setMemory(null); // the ended worker's reading is not the next one's: nothing is known until it reports
    this.port?.terminate();
    this.port = null;
    this.starting = null;
    this.up = false;
    this.failure = null;
  }

  private async start(port: TrainingPort, setUp: (port: TrainingPort) => Promise<void>): Promise<void> {
    try {
      const backend = await port.init(this.request, this.threads);
      if (this.port !== port) return; // replaced meanwhile (its pending calls fail): nothing to report
      setBackend(backend);
    } catch (e) {
      if (this.port !== port) return;
      this.failure = errorMessage(e); // every later call says so
      reportError(this.failure);
    }
    if (!this.failure) {
      await setUp(port).catch((e: unknown) => {
        if (this.port === port) reportError(`The new training worker did not get the dataset: ${errorMessage(e)}. Load it again.`);
      });
    }
    if (this.port !== port) return;
    this.up = true;
    const poll = () =>
      port.memory().then(
        (m) => {
          if (this.port === port) setMemory(m);
        },
        () => {},
      );
    void poll();
    this.memoryTimer = setInterval(poll, MEMORY_POLL_MS);
  }
}
