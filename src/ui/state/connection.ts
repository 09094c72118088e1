import { errorMessage } from '../../core/errors';
import type { BackendRequest, WorkerEvent } from '../../worker/protocol';
import type { TrainingPort } from '../../worker/trainingClient';
import { reportError, setBackend, setMemory } from './store';

const MEMORY_POLL_MS = 2000;

/** Makes the trainer's port: a TrainingClient (a new worker) in the page, the in-thread trainer in tests. */
export type PortFactory = (onEvent: (e: WorkerEvent) => void) => TrainingPort;

/** The training worker: starts it on a backend, polls its memory, hands out its port, replaces it. */
export class Connection {
  private port: TrainingPort | null = null;
  private memoryTimer: ReturnType<typeof setInterval> | null = null;
  request: BackendRequest = 'auto'; // what the current worker was asked to run on

  constructor(private readonly factory: PortFactory, private readonly onEvent: (e: WorkerEvent) => void) {}

  /** End the current worker and start one on `request`; a replaced worker's last words are ignored. */
  async connect(request: BackendRequest): Promise<void> {
    this.close();
    this.request = request;
    const port: TrainingPort = this.factory((e) => {
      if (this.port === port) this.onEvent(e);
    });
    this.port = port;
    try {
      setBackend(await port.init(request));
    } catch (e) {
      reportError(`No TensorFlow.js backend could start: ${errorMessage(e)}`);
    }
    this.memoryTimer = setInterval(() => {
      this.port?.memory().then(setMemory, () => {});
    }, MEMORY_POLL_MS);
  }

  need(): TrainingPort {
    if (!this.port) throw new Error('The training worker is not running.');
    return this.port;
  }

  close(): void {
    if (this.memoryTimer) clearInterval(this.memoryTimer);
    this.memoryTimer = null;
    this.port?.terminate();
    this.port = null;
  }
}
