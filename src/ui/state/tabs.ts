/**
 * The lab open in several tabs of one browser: they share IndexedDB, so they coordinate.
 * - A run is trained (held in a worker) by one tab at a time: the tab holds a Web Lock named after the run while
 *   its worker holds it; the browser frees the lock when the tab closes or crashes.
 * - Tabs tell each other what they saved, renamed or deleted (BroadcastChannel), so every tab lists every run.
 * - A tab that wants a run another tab holds asks for it: the holder hands it over unless it is training it.
 * Where the browser has neither API (old browsers, unit tests) a tab works alone.
 */

/** What one tab tells the others. */
export type TabMessage =
  | { type: 'saved'; id: string } // written to storage: re-read it
  | { type: 'deleted'; id: string }
  | { type: 'renamed'; id: string; name: string }
  | { type: 'release'; id: string }; // another tab wants to open this run

/** How long a tab waits for another to hand over a run it holds (it answers at once unless it is busy). */
const HANDOVER_MS = 5000;
const CHANNEL = 'pretext-runs';
const PREFIX = 'pretext-run:';

export class Tabs {
  private readonly held = new Map<string, () => void>(); // run id → frees its lock
  private readonly freeing = new Set<string>(); // released here, until the browser confirms
  private readonly takes = new Map<string, number>(); // run id → how often this tab took it (a release planned before a take is void)
  private channel: BroadcastChannel | null = null;

  /** Hear the other tabs (until close). */
  listen(onMessage: (m: TabMessage) => void): void {
    if (typeof BroadcastChannel !== 'function' || this.channel) return;
    this.channel = new BroadcastChannel(CHANNEL);
    this.channel.onmessage = (e: MessageEvent<TabMessage>) => onMessage(e.data);
  }

  /** The runs other tabs hold now (in their workers). */
  async heldElsewhere(): Promise<Set<string>> {
    const mine = new Set([...this.held.keys(), ...this.freeing]); // as the browser's answer may still list them
    const held = (await globalThis.navigator?.locks?.query())?.held ?? [];
    const names = held.map((l) => l.name ?? '').filter((n) => n.startsWith(PREFIX));
    return new Set(names.map((n) => n.slice(PREFIX.length)).filter((id) => !mine.has(id)));
  }

  /**
   * Resolves once no tab holds the run (the one training it let go, closed or crashed): a shared request waits behind
   * the holder's exclusive lock and lets go at once. Without Web Locks it resolves at once.
   */
  async whenFreed(id: string): Promise<void> {
    await globalThis.navigator?.locks?.request(PREFIX + id, { mode: 'shared' }, () => undefined);
  }

  takesOf(id: string): number {
    return this.takes.get(id) ?? 0;
  }

  /** The runs whose locks this tab holds. */
  heldIds(): string[] {
    return [...this.held.keys()];
  }

  tell(m: TabMessage): void {
    this.channel?.postMessage(m);
  }

  /**
   * Take the run for this tab's worker. False when another tab holds it and does not hand it over (it trains it).
   * A run this tab holds already, or any run where the browser has no Web Locks, is taken at once.
   */
  async take(id: string): Promise<boolean> {
    this.takes.set(id, this.takesOf(id) + 1);
    const locks = globalThis.navigator?.locks;
    if (this.held.has(id) || !locks) return true;
    if (await this.lock(locks, id, { ifAvailable: true })) return true;
    this.tell({ type: 'release', id });
    return this.lock(locks, id, { signal: AbortSignal.timeout(HANDOVER_MS) }).catch(() => false);
  }

  /** This tab's worker no longer holds the run: another tab may take it. */
  release(id: string): void {
    const free = this.held.get(id);
    if (!free) return;
    this.held.delete(id);
    this.freeing.add(id);
    free();
  }

  /** Resolves true once the lock is held (it stays held until release), false when not available. */
  private lock(locks: LockManager, id: string, options: LockOptions): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      locks
        .request(PREFIX + id, options, (lock) => {
          if (!lock) return resolve(false);
          resolve(true);
          return new Promise<void>((free) => this.held.set(id, free));
        })
        .then(() => this.freeing.delete(id), reject);
    });
  }

  close(): void {
    this.channel?.close();
    this.channel = null;
    for (const id of [...this.held.keys()]) this.release(id);
  }
}
