import type { Page } from '@playwright/test';
import { RUN_STATES } from '../../src/core/train/runState';
import type { PretextStatus } from '../../src/ui/statusApi';

/**
 * The invariants the chaos test checks after every action, as pure functions of what the page reports. Each returns
 * the problems it finds (empty: all well), in words that say which run and which number.
 */

/**
 * Every message the page may show (README: "What the messages mean"). One that matches none is a bug: a raw
 * exception reached the user, or a failure nobody meant.
 */
export const DOCUMENTED_MESSAGES: RegExp[] = [
  /^The training worker crashed \(.*\)\. Your runs are kept up to their last checkpoint; press Resume to continue\.$/,
  /^The (WASM|WEBGPU|WEBGL|CPU) backend stopped \(.*\), most likely out of memory; a fresh one starts\. .*press Resume to continue\.$/,
  /^The GPU device was lost \(.*\)\. Your runs are kept up to their last checkpoint; continuing on WASM\.$/,
  /^Loading ".*" stopped .* at step \d+.*: (it is|they are) saved with (its|their) weights at that step; (press Resume to continue|to resume (it|them), load ".*" \([\d,]+ images at \d+ px\) again and press Resume)\.$/,
  /^Switching the backend stopped .* at step \d+.*: saved with (its|their) weights at that step; press Resume to continue\.$/,
  /^The images of ".*" are kept at \d+ px only: open the folder again to use it at \d+ px\.$/,
  /^Import of ".*" failed\. (.*cannot be imported|The browser's storage quota is full: )/,
  /^The loss chart has no points yet: save it once the run has trained\.$/,
  /^(Could not .*|Fine-tuning .* failed|Export failed): .* was trained on ".*" \([\d,]+ images at \d+ px\): load that dataset to use it\.$/,
  /^The browser's storage quota is full: .* could not be saved \(what was saved before is kept whole\)\. The runs keep training in this tab and are saved once there is room: export the runs you want to keep, then delete them( \(the oldest: .*\))? in Your runs\.$/,
  /^Could not .*: .* is training in another tab of the lab: stop it there to use it here\.$/,
  /^Could not (open|resume|evaluate) .*: .* was deleted in another tab\.$/,
  /^Could not .*: .* is no longer listed: it was deleted, or the lab is listing its runs again\.$/,
  /^Could not export .* of .*: it was removed before the export finished\.$/,
];

/** Why a run may have failed: its step could not fit the backend, or training diverged, or its method needs labels. */
export const DOCUMENTED_RUN_ERRORS: RegExp[] = [
  / needs about [\d.]+ [MG]B per step at batch /,
  /Training diverged: lower the learning rate/,
  /needs labelled images/,
];

const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

/** Every run in a valid state with finite numbers, and no id twice. */
export function runProblems(s: PretextStatus): string[] {
  const out: string[] = [];
  const ids = new Set<string>();
  for (const r of s.runs) {
    const at = `run ${r.id} (${r.state}, step ${r.step}/${r.steps})`;
    if (ids.has(r.id)) out.push(`${at}: listed twice`);
    ids.add(r.id);
    if (!(RUN_STATES as readonly string[]).includes(r.state)) out.push(`${at}: not a run state`);
    if (!Number.isInteger(r.step) || !Number.isInteger(r.steps) || r.step < 0 || r.step > r.steps) out.push(`${at}: step outside 0…steps`);
    if (r.loss !== null && !finite(r.loss)) out.push(`${at}: loss ${r.loss}`);
    for (const [k, v] of Object.entries(r.metrics)) if (!finite(v)) out.push(`${at}: metric ${k} = ${v}`);
    if (!finite(r.imagesPerSec) || r.imagesPerSec < 0) out.push(`${at}: images/s ${r.imagesPerSec}`);
    if (r.checkpointStep !== null && (r.checkpointStep < 0 || r.checkpointStep > r.steps))
      out.push(`${at}: checkpoint at step ${r.checkpointStep}`);
    if (r.state === 'error' && !DOCUMENTED_RUN_ERRORS.some((re) => re.test(r.error ?? '')))
      out.push(`${at}: undocumented failure "${r.error}"`);
    if (r.state !== 'error' && r.error) out.push(`${at}: an error on a run that did not fail: "${r.error}"`);
  }
  return out;
}

/** Every message on the page is a documented one. */
export function messageProblems(s: PretextStatus): string[] {
  return s.errors.filter((e) => !DOCUMENTED_MESSAGES.some((re) => re.test(e))).map((e) => `undocumented message: "${e}"`);
}

/** Tabs of one browser: no run is in two tabs' workers at once (ids the same across tabs are one run). */
export function tabProblems(tabs: PretextStatus[]): string[] {
  const holder = new Map<string, number>();
  const out: string[] = [];
  tabs.forEach((s, k) => {
    for (const r of s.runs.filter((x) => !x.onDisk)) {
      if (holder.has(r.id)) out.push(`run ${r.id} is held by tab ${holder.get(r.id)! + 1} and tab ${k + 1} at once`);
      holder.set(r.id, k);
    }
  });
  return out;
}

/** Runs kept in IndexedDB that a tab does not list. */
export function unlistedProblems(kept: Kept, tabs: PretextStatus[]): string[] {
  return tabs.flatMap((s, k) =>
    kept.runs.filter((r) => !s.runs.some((x) => x.id === r.id)).map((r) => `tab ${k + 1} does not list run ${r.id}, kept in storage`),
  );
}

/** What was kept in IndexedDB, read by the test itself: the runs (with their checkpoints' steps) and the user's dataset. */
export interface Kept {
  runs: { id: string; name: string; checkpointStep: number | null }[];
  dataset: { name: string; images: number; resolution: number } | null;
}

/** What the test reads of IndexedDB itself, in one transaction (curves: the step each run's curve ends at). */
interface DbSnapshot {
  runs: { id: string; name: string; checkpointStep: number | null; step: number }[];
  checkpoints: { runId: string; step: number }[];
  curveEnds: Record<string, number>;
  dataset: Kept['dataset'];
}

function readDb(page: Page): Promise<DbSnapshot> {
  return page.evaluate(async () => {
    // opening a database that does not exist would create it empty (at version 1, without the app's stores)
    if (!(await indexedDB.databases()).some((d) => d.name === 'pretext'))
      return { runs: [], checkpoints: [], curveEnds: {}, dataset: null };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('pretext');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(['runs', 'checkpoints', 'curves', 'datasets']);
    const get = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const [runs, checkpoints, chunks, dataset] = await Promise.all([
      get(
        tx.objectStore('runs').getAll() as IDBRequest<
          { id: string; name: string; checkpointStep: number | null; status: { step: number } }[]
        >,
      ),
      get(tx.objectStore('checkpoints').getAll() as IDBRequest<{ runId: string; step: number }[]>),
      get(tx.objectStore('curves').getAll() as IDBRequest<{ runId: string; chunk: number; points: { step: number }[] }[]>),
      get(tx.objectStore('datasets').get('current') as IDBRequest<{ name: string; labels: Int32Array; resolution: number } | undefined>),
    ]);
    db.close();
    const curveEnds: Record<string, number> = {}; // chunks come in key order: the last one of a run ends its curve
    for (const c of chunks) curveEnds[c.runId] = c.points.at(-1)?.step ?? 0;
    return {
      runs: runs.map((r) => ({ id: r.id, name: r.name, checkpointStep: r.checkpointStep, step: r.status.step })),
      checkpoints: checkpoints.map((c) => ({ runId: c.runId, step: c.step })),
      curveEnds,
      dataset: dataset ? { name: dataset.name, images: dataset.labels.length, resolution: dataset.resolution } : null,
    };
  });
}

const storedStep = (db: DbSnapshot, id: string) => db.checkpoints.find((c) => c.runId === id)?.step ?? null;

export async function readKept(page: Page): Promise<Kept> {
  const db = await readDb(page);
  return { runs: db.runs.map((r) => ({ id: r.id, name: r.name, checkpointStep: storedStep(db, r.id) })), dataset: db.dataset };
}

/**
 * After a reload: every run that was kept (and still on the page then: not being removed; nor deleted by another tab
 * meanwhile: not in `keptAfter`) is back, with a checkpoint at least as far as the one kept; and the page's dataset is
 * the one it showed, when that one was kept.
 */
export function reloadProblems(kept: Kept, before: PretextStatus, after: PretextStatus, keptAfter: Kept = kept): string[] {
  const out: string[] = [];
  for (const k of kept.runs) {
    if (!before.runs.some((r) => r.id === k.id) || !keptAfter.runs.some((r) => r.id === k.id)) continue;
    const back = after.runs.find((r) => r.id === k.id);
    if (!back) out.push(`run ${k.id} was saved but is missing after the reload`);
    else if ((back.checkpointStep ?? -1) < (k.checkpointStep ?? -1))
      out.push(`run ${k.id}: its checkpoint went back from step ${k.checkpointStep} to ${back.checkpointStep}`);
  }
  const d = before.dataset;
  const same = (x: { name: string; images: number; resolution: number } | null | undefined) =>
    x && d && x.name === d.name && x.images === d.images && x.resolution === d.resolution;
  if (same(kept.dataset) && !same(after.dataset))
    out.push(`the dataset "${d!.name}" (${d!.images} at ${d!.resolution} px) was kept but did not come back`);
  return out;
}

/**
 * Every run in IndexedDB as one save left it: its record's checkpoint step is the stored checkpoint's, its curve
 * ends at its status' step, and the checkpoint is not ahead of it. Returns the problems.
 */
export async function wholeRunProblems(page: Page): Promise<string[]> {
  const db = await readDb(page);
  const out: string[] = [];
  for (const r of db.runs) {
    const cp = storedStep(db, r.id);
    const last = db.curveEnds[r.id] ?? 0;
    if (cp !== r.checkpointStep)
      out.push(`run ${r.id}: its record says checkpoint at step ${r.checkpointStep}, the stored weights are of step ${cp}`);
    if (last !== r.step) out.push(`run ${r.id}: its curve ends at step ${last}, its status is at step ${r.step}`);
    if (cp !== null && cp > r.step) out.push(`run ${r.id}: checkpoint at step ${cp}, ahead of its status (step ${r.step})`);
  }
  return out;
}
