import { expect, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { methodIds } from '../../src/core/methods/catalog';
import { Rng } from '../../src/core/rng';
import type { PretextStatus } from '../../src/ui/statusApi';
import { fixtures, LabPage } from '../pages/LabPage';
import { TrainingUi } from '../pages/TrainingUi';
import { messageProblems, readKept, reloadProblems, runProblems } from './checks';

/** The lab as the chaos test opens it: WASM, short tiny runs (width and depth are set on each card), the debug hooks. */
const LINK = '?backend=wasm&steps=120&batch=8&debug=1';
const BACKENDS = ['wasm', 'wasm', 'cpu'];
const RESOLUTIONS = ['32', '32', '48'];
/** A training run that shows no new step, or a queue that does not move, for this long is stuck. */
const STUCK_MS = 15_000;
/** Faults (crash, abort) at most this often a minute: more and the page rightly stops restarting the worker. */
const FAULTS_PER_MINUTE = 2;
/** The file inputs are always on the page: one not found within this long means the page is broken (its errors say why). */
const INPUT_MS = 20_000;

interface Action {
  name: string;
  weight: number;
  run: () => Promise<string>; // what it did, for the log
}

/**
 * A random user of the real app, reproducible from its seed: each step picks an action (start, pause, resume, stop,
 * remove, run again, change the resolution, a folder, files, a zip, reload, a worker crash, a WASM abort, another
 * backend, or just waiting) and then checks the invariants (checks.ts). A broken invariant fails with the action log.
 */
export class Monkey {
  readonly counts: Record<string, number> = {};
  private readonly rng: Rng;
  private readonly lab: LabPage;
  private readonly ui: TrainingUi;
  private readonly pageErrors: string[] = [];
  private readonly zips: Buffer[] = [];
  private readonly faults: number[] = []; // epoch ms
  private configured = new Set<string>(); // cards set to the tiny encoder since the last page load
  private baseline = new Map<string, number>(); // per backend: tensors held with a dataset and no run
  private progress = new Map<string, { step: number; since: number }>(); // training runs: their step, seen since
  private starvingSince: number | null = null; // epoch ms since runs have been queued with none training

  /** `tag` names the tab in `log`, which tabs of one browser share (the failing action's context is then both tabs'). */
  constructor(
    readonly page: Page,
    readonly seed: number,
    readonly tag = '',
    readonly log: string[] = [],
  ) {
    this.rng = new Rng(seed);
    this.lab = new LabPage(page);
    this.ui = new TrainingUi(page);
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
  }

  async open(): Promise<void> {
    await this.lab.open(LINK);
    await this.lab.waitForDataset(2000);
  }

  /** One random action, then every invariant. */
  async step(i: number): Promise<void> {
    const actions = this.actions().filter((a) => a.weight > 0);
    let pick = this.rng.next() * actions.reduce((s, a) => s + a.weight, 0);
    const action = actions.find((a) => (pick -= a.weight) < 0) ?? actions[actions.length - 1];
    if (this.tag) await this.page.bringToFront(); // a person acts on the tab in front (a background tab's folder upload never finishes)
    const t0 = Date.now();
    const what = await action.run();
    this.counts[action.name] = (this.counts[action.name] ?? 0) + 1;
    this.log.push(`${this.tag}${i} ${action.name} ${what} (${Date.now() - t0} ms)`);
    await this.page.waitForTimeout(this.rng.int(300));
    await this.check(`after #${i} ${action.name} ${what}`);
  }

  /** The invariants that hold at any moment, and the memory one when nothing trains. */
  async check(when: string): Promise<void> {
    const s = await this.lab.status();
    const problems = [
      ...this.pageErrors.map((e) => `page error: ${e}`),
      ...runProblems(s),
      ...messageProblems(s),
      ...this.progressProblems(s),
    ];
    this.fail(problems, when);
    await this.checkMemory(s, when);
  }

  fail(problems: string[], when: string): void {
    expect(problems, `${when}\n--- seed ${this.seed}, last actions:\n${this.log.slice(-25).join('\n')}`).toEqual([]);
  }

  /**
   * With only saved runs on the page (none opened), the worker holds no run, and then, with its dataset, exactly the
   * backend's baseline of tensors (no leak). A worker that has not reported yet (memory null: just restarted) is not judged.
   */
  private async checkMemory(s: PretextStatus, when: string): Promise<void> {
    const quiet = (x: PretextStatus) =>
      x.backend !== null && x.memory !== null && x.memory.dataset && x.ingest === null && x.runs.every((r) => r.onDisk);
    if (!quiet(s) || !s.backend) return;
    const key = s.backend.name;
    let problem = '';
    for (let k = 0; k < 14; k++) {
      const x = await this.lab.status();
      if (!quiet(x) || x.backend?.name !== key) return; // something started meanwhile
      const { numTensors, runs } = x.memory!;
      if (runs > 0) problem = `the worker holds ${runs} run(s) the page shows none of`;
      else {
        const base = this.baseline.get(key);
        if (base === undefined || numTensors < base) this.baseline.set(key, numTensors); // the lowest quiet reading
        if (numTensors <= this.baseline.get(key)!) return;
        problem = `${numTensors} tensors with no run in the worker, ${this.baseline.get(key)} before on ${key}: a leak`;
      }
      await this.page.waitForTimeout(500);
    }
    this.fail([problem], when);
  }

  private actions(): Action[] {
    const recentFaults = this.faults.filter((t) => Date.now() - t < 60_000).length;
    const faultWeight = recentFaults < FAULTS_PER_MINUTE ? 1 : 0;
    return [
      { name: 'start', weight: 6, run: () => this.start() },
      { name: 'control', weight: 9, run: () => this.control() },
      { name: 'saved', weight: 4, run: () => this.saved() },
      { name: 'wait', weight: 4, run: () => this.wait() },
      { name: 'resolution', weight: 1, run: () => this.resolution() },
      { name: 'folder', weight: 1.2, run: () => this.folder() },
      { name: 'files', weight: 0.8, run: () => this.files() },
      { name: 'sample', weight: 1.2, run: () => this.clickIfEnabled('use-sample') },
      { name: 'import', weight: this.zips.length ? 1.2 : 0.2, run: () => this.importZip() },
      { name: 'reload', weight: 1.5, run: () => this.reload() },
      { name: 'crash', weight: faultWeight, run: () => this.fault('crashWorker') },
      { name: 'abort', weight: 0.5 * faultWeight, run: () => this.fault('abortWasm') },
      { name: 'backend', weight: 1, run: () => this.backend() },
      { name: 'dismiss', weight: 0.5, run: () => this.clickIfEnabled('dismiss-errors') },
    ];
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.rng.int(items.length)];
  }

  private async start(): Promise<string> {
    const m = this.pick(methodIds);
    const button = this.ui.startButton(m);
    if (!(await this.enabled(button))) return `${m}: not startable now`;
    if (!this.configured.has(m)) {
      await this.ui.useTinyEncoder(m);
      this.configured.add(m);
    }
    return (await this.click(button.first())) ? m : `${m}: gone`;
  }

  /** A run control in the training view: pause, resume, stop, run again or remove. */
  private async control(): Promise<string> {
    const kind = this.pick(['pause', 'resume', 'stop', 'restart', 'remove']);
    const buttons = this.ui.trainingView.locator(`[data-testid^="${kind}-"]`);
    const n = await buttons.count();
    if (n === 0) return `${kind}: none`;
    const target = buttons.nth(this.rng.int(n));
    const id = await this.idOf(target, kind);
    if (id === null) return `${kind}: gone`;
    const before = (await this.lab.status()).runs.find((r) => r.id === id);
    if (!(await this.click(target))) return `${kind} ${id}: gone`;
    if (kind === 'resume' && before?.onDisk) await this.checkResumed(id, before.checkpointStep ?? 0);
    return `${kind} ${id}`;
  }

  /** A saved run in "Your runs": resume, open, export (kept for a later import) or delete. */
  private async saved(): Promise<string> {
    const kind = this.pick(['resume-saved', 'open', 'export', 'delete']);
    const buttons = this.page
      .getByTestId('runs-panel')
      .locator(`[data-testid^="${kind}-"]:not([data-testid^="export-svg-"]):not([data-testid^="export-png-"])`);
    const n = await buttons.count();
    if (n === 0) return `${kind}: none`;
    const target = buttons.nth(this.rng.int(n));
    const id = await this.idOf(target, kind);
    if (id === null) return `${kind}: gone`;
    const before = (await this.lab.status()).runs.find((r) => r.id === id);
    if (kind === 'export') {
      const download = this.page.waitForEvent('download', { timeout: 20_000 }).catch(() => null);
      if (!(await this.click(target))) return `export ${id}: gone`;
      const file = await download;
      const path = file && (await file.path().catch(() => null));
      if (path && this.zips.length < 4) this.zips.push(await import('node:fs/promises').then((fs) => fs.readFile(path)));
      return `export ${id}${path ? '' : ': no download'}`;
    }
    if (!(await this.click(target))) return `${kind} ${id}: gone`;
    if ((kind === 'resume-saved' || kind === 'open') && before?.onDisk) await this.checkResumed(id, before.checkpointStep ?? 0);
    return `${kind} ${id}`;
  }

  /** A run restored from disk goes on from its checkpoint's step, never from before it. */
  private async checkResumed(id: string, from: number): Promise<void> {
    for (let k = 0; k < 40; k++) {
      const r = (await this.lab.status()).runs.find((x) => x.id === id);
      if (!r || r.state === 'error') return; // removed, or refused
      if (!r.onDisk)
        return this.fail(
          r.step < from ? [`run ${id} resumed at step ${r.step}, before its checkpoint at step ${from}`] : [],
          `resuming ${id}`,
        );
      await this.page.waitForTimeout(250);
    } // still on disk: it could not be opened (another dataset), and the page said so
  }

  /** Let training go on. */
  private async wait(): Promise<string> {
    const ms = 300 + this.rng.int(2200);
    await this.page.waitForTimeout(ms);
    return `${ms} ms`;
  }

  /**
   * On WASM (where a tiny run's slice takes milliseconds; plain-JS CPU may spend seconds in one CPC step): a run
   * shown training makes progress, and queued runs do not wait with none training (a finished run's probe may
   * hold the queue a few seconds), each within STUCK_MS of being seen so.
   */
  private progressProblems(s: PretextStatus): string[] {
    const now = Date.now();
    if (s.backend?.name !== 'wasm') {
      this.progress.clear();
      this.starvingSince = null;
      return [];
    }
    const out: string[] = [];
    const running = s.runs.filter((r) => r.state === 'running' && !r.onDisk && r.step < r.steps);
    for (const id of [...this.progress.keys()]) if (!running.some((r) => r.id === id)) this.progress.delete(id);
    for (const r of running) {
      const seen = this.progress.get(r.id);
      if (!seen || seen.step !== r.step) this.progress.set(r.id, { step: r.step, since: now });
      else if (now - seen.since > STUCK_MS)
        out.push(`run ${r.id} "running" but stuck at step ${r.step} for ${Math.round((now - seen.since) / 1000)} s`);
    }
    const starving = s.runs.some((r) => r.state === 'queued' && !r.onDisk) && running.length === 0;
    this.starvingSince = starving ? (this.starvingSince ?? now) : null;
    if (this.starvingSince !== null && now - this.starvingSince > STUCK_MS)
      out.push(`runs queued with none training for ${Math.round((now - this.starvingSince) / 1000)} s`);
    return out;
  }

  private async resolution(): Promise<string> {
    const select = this.page.locator('.loader select');
    if (!(await this.enabled(select))) return 'busy';
    const r = this.pick(RESOLUTIONS);
    await select.selectOption(r, { timeout: 3000 }).catch(() => {});
    return `${r} px`;
  }

  private async folder(): Promise<string> {
    await this.lab.loadFolder('folder', INPUT_MS);
    return 'folder';
  }

  private async files(): Promise<string> {
    const dir = path.join(fixtures, 'folder', this.pick(['airplane', 'automobile', 'bird']));
    const all = readdirSync(dir).map((f) => path.join(dir, f));
    const files = all.slice(0, 3 + this.rng.int(all.length - 3));
    await this.page.getByTestId('files-input').setInputFiles(files, { timeout: INPUT_MS });
    return `${files.length} files`;
  }

  private async importZip(): Promise<string> {
    const bad = this.zips.length === 0 || this.rng.next() < 0.15;
    const zip = bad ? Buffer.from('PK\u0003\u0004 not really a zip') : this.pick(this.zips);
    await this.page
      .getByTestId('import-input')
      .setInputFiles({ name: bad ? 'bad.zip' : 'runs.zip', mimeType: 'application/zip', buffer: zip }, { timeout: INPUT_MS });
    return bad ? 'a bad zip' : `a zip of ${zip.length} bytes`;
  }

  /** Reload: everything kept in storage before is on the page after (reloadProblems). */
  private async reload(): Promise<string> {
    const before = await this.lab.status();
    const kept = await readKept(this.page);
    await this.page.reload();
    this.configured = new Set();
    await this.page.waitForFunction(() => typeof window.pretext?.status === 'function');
    // the dataset comes back (the kept one, or the sample), then the saved runs with it
    const after = await this.lab
      .waitFor(
        (s) =>
          s.backend !== null &&
          s.dataset !== null &&
          kept.runs.every((k) => !before.runs.some((r) => r.id === k.id) || s.runs.some((r) => r.id === k.id)),
        60_000,
      )
      .catch(() => null);
    this.fail(reloadProblems(kept, before, after ?? (await this.lab.status()), await readKept(this.page)), 'the reload');
    return `${kept.runs.length} runs kept`;
  }

  private async fault(hook: 'crashWorker' | 'abortWasm'): Promise<string> {
    const s = await this.lab.status();
    if (hook === 'abortWasm' && s.backend?.name !== 'wasm') return 'not on wasm';
    this.faults.push(Date.now());
    await this.page.evaluate(
      (h) =>
        window.pretext.debug![h]().then(
          () => 'done',
          (e: Error) => `failed: ${e.message}`,
        ),
      hook,
    );
    return hook;
  }

  private async backend(): Promise<string> {
    const b = this.pick(BACKENDS);
    await this.page
      .getByLabel('Backend')
      .selectOption(b, { timeout: 3000 })
      .catch(() => {});
    return b;
  }

  private async clickIfEnabled(testId: string): Promise<string> {
    const button = this.page.getByTestId(testId);
    if (!(await this.enabled(button))) return 'not now';
    return (await this.click(button)) ? 'clicked' : 'gone';
  }

  /** Present and enabled; false when it is not there (a control can go away while the page changes). */
  private enabled(target: ReturnType<Page['getByTestId']>): Promise<boolean> {
    return target
      .first()
      .isEnabled({ timeout: 2000 })
      .catch(() => false);
  }

  /** The run id in a control's test id (`stop-rotation-3` → `rotation-3`), or null when it went away meanwhile. */
  private async idOf(target: ReturnType<Page['getByTestId']>, kind: string): Promise<string | null> {
    const testId = await target.getAttribute('data-testid', { timeout: 2000 }).catch(() => null);
    return testId === null ? null : testId.slice(kind.length + 1);
  }

  /** Click unless the element went away meanwhile (the page changed under the user's finger). */
  private click(target: ReturnType<Page['getByTestId']>): Promise<boolean> {
    return target.click({ timeout: 2000 }).then(
      () => true,
      () => false,
    );
  }
}
