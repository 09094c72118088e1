import type { SavedTextRun } from '../../storage/db';
import { isTextBundle, type AnyBundle, type RunBundle } from '../../storage/runZip';
import type { Persistence } from './persistence';
import { uniqueId, uniqueName } from './runIds';
import { useStore } from './store';
import type { Tabs } from './tabs';

/** Runs kept in storage as the page lists them, and as zips: export, and import checked before use. */
export class Archive {
  private readonly watched = new Set<string>(); // shown as live in another tab, until that tab lets go of it

  constructor(
    private readonly persistence: Persistence,
    private readonly tabs: Tabs,
    private readonly textImported: (runs: SavedTextRun[]) => void = () => {},
  ) {}

  /** List every saved run on the page, on disk (as a new dataset comes, before any run starts on it); one another tab trains shows as training. */
  async showSaved(): Promise<void> {
    const elsewhere = await this.tabs.heldElsewhere();
    for (const run of await this.persistence.listRuns()) {
      this.persistence.show(run, elsewhere.has(run.id));
      if (elsewhere.has(run.id)) this.watch(run.id);
    }
  }

  /** The given runs (all when empty: the page's image runs and every saved text run) as one zip: a folder per run with its curves, metrics and weights. */
  async exportRuns(ids: string[]): Promise<Uint8Array> {
    const { runsToZip } = await import('../../storage/runZip'); // the zip code loads when first used
    const texts = async () => (await this.persistence.listTextRuns()).map((r) => r.id);
    return runsToZip(await this.persistence.bundles(ids.length ? ids : [...Object.keys(useStore.getState().runMeta), ...(await texts())]));
  }

  /**
   * Validate and keep the runs of a zip; they are listed as stopped runs on disk. Returns the new ids. A run whose id
   * was given out before (here or in another tab) gets a new one; a name a run on the page shows gets a number.
   */
  async importRuns(zip: Uint8Array): Promise<string[]> {
    const { runsFromZip } = await import('../../storage/runImport');
    const found = runsFromZip(zip);
    const ids = await this.persistence.reserveIds((taken) =>
      found.map((b) => {
        const id = taken.includes(b.run.id) ? uniqueId(b.run.id, taken) : b.run.id;
        taken.push(id);
        return id;
      }),
    );
    const names = Object.values(useStore.getState().runMeta).map((m) => m.name);
    const bundles = found.map((b, i): AnyBundle => {
      if (isTextBundle(b))
        return {
          run: { ...b.run, id: ids[i], status: { ...b.run.status, id: ids[i] } },
          checkpoint: b.checkpoint && { ...b.checkpoint, runId: ids[i] },
        };
      const name = uniqueName(b.run.name === b.run.id ? ids[i] : b.run.name, names); // an id-like name follows the new id
      names.push(name);
      return renamed(b, ids[i], name);
    });
    await this.persistence.importBundles(bundles);
    for (const b of bundles) if (!isTextBundle(b)) this.persistence.show(b.run);
    this.textImported(bundles.filter(isTextBundle).map((b) => b.run));
    return bundles.map((b) => b.run.id);
  }

  /**
   * Another tab saved a run: show it as that save left it, unless this tab's worker holds it. Runs join a page only
   * with its dataset (before that, showSaved lists them all).
   */
  refresh(id: string): Promise<void> {
    return this.reshow(id, true); // the tab that saved it holds it
  }

  private reshow(id: string, liveElsewhere: boolean): Promise<void> {
    const heldHere = () => useStore.getState().runMeta[id]?.onDisk === false || !useStore.getState().dataset;
    return this.persistence.enqueue(async (store) => {
      const b = heldHere() ? undefined : await store.getBundle(id);
      if (!b || heldHere()) return;
      this.persistence.show(b.run, liveElsewhere);
      if (liveElsewhere) this.watch(id);
    }, undefined);
  }

  /** Once the tab that holds the run lets go (or closes, or crashes), show the run as its last save left it: a run it trained reads "interrupted". */
  private watch(id: string): void {
    if (this.watched.has(id)) return;
    this.watched.add(id);
    void this.tabs.whenFreed(id).then(async () => {
      this.watched.delete(id);
      await this.reshow(id, (await this.tabs.heldElsewhere()).has(id));
    });
  }
}

/** An imported run under a new id and name (its evaluations and checkpoint follow). */
function renamed({ run, checkpoint: cp }: RunBundle, id: string, name: string): RunBundle {
  const evaluations = run.evaluations.map((e) => ({ ...e, runId: id }));
  return { run: { ...run, id, name, status: { ...run.status, id }, evaluations }, checkpoint: cp && { ...cp, runId: id } };
}
