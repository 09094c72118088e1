import type { Checkpoint } from '../../core/train/types';
import type { SavedRun } from '../../storage/db';
import type { Persistence } from './persistence';
import { uniqueId } from './runIds';
import { showSavedRun, useStore } from './store';

/** Runs kept in storage as the page lists them, and as zips: export, and import checked before use. */
export class Archive {
  constructor(private readonly saved: Persistence) {}

  /** List every saved run on the page, on disk (the worker holds none of them yet). */
  async showSaved(): Promise<void> {
    for (const run of await this.saved.listRuns()) this.show(run);
  }

  /** The given runs (all when empty) as one zip: a folder per run with its curves, metrics and weights. */
  async exportRuns(ids: string[]): Promise<Uint8Array> {
    const { runsToZip } = await import('../../storage/runZip'); // the zip code loads when first used
    return runsToZip(await this.saved.bundles(ids.length ? ids : Object.keys(useStore.getState().saved)));
  }

  /** Validate and keep the runs of a zip; they are listed as stopped runs on disk. Returns the new ids. */
  async importRuns(zip: Uint8Array): Promise<string[]> {
    const { runsFromZip } = await import('../../storage/runImport');
    const s = useStore.getState();
    const taken = [...s.runs.map((r) => r.id), ...Object.keys(s.saved)];
    const bundles = runsFromZip(zip).map((b) => {
      const id = taken.includes(b.run.id) ? uniqueId(b.run.id, taken) : b.run.id;
      taken.push(id);
      return renamed(b.run, b.checkpoint, id);
    });
    await this.saved.importBundles(bundles);
    for (const b of bundles) this.show(b.run);
    return bundles.map((b) => b.run.id);
  }

  private show(run: SavedRun): void {
    this.saved.loaded(run.id, run.curves);
    showSavedRun(run);
  }
}

/** An imported run under a new id (its evaluations and checkpoint follow). */
function renamed(run: SavedRun, cp: Checkpoint | null, id: string) {
  const evaluations = run.evaluations.map((e) => ({ ...e, runId: id }));
  return { run: { ...run, id, status: { ...run.status, id }, evaluations }, checkpoint: cp && { ...cp, runId: id } };
}
