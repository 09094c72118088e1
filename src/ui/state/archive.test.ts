import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useStore } from './store';
import { bootWith, closePage, freshPage, pagePerTest, quickRun, runOf, tinySet, until } from './testApp';

describe('Archive', () => {
  const page = pagePerTest();

  it('exports runs as a zip that another browser imports as runs on disk, renaming ids already taken', async () => {
    await page.app.runs.start('rotation', quickRun({ steps: 8 }));
    await until(
      (s) => runOf('rotation-1')?.state === 'done' && s.runMeta['rotation-1'].checkpointStep === 8,
      'the run and its last checkpoint',
    );
    await page.app.runs.rename('rotation-1', 'first try');
    const zip = await page.app.archive.exportRuns([]);
    const curve = useStore.getState().curves['rotation-1'];
    await closePage(page.app);

    page.app = freshPage(); // another browser: empty storage
    await bootWith(page.app, await tinySet());
    expect(await page.app.archive.importRuns(zip)).toEqual(['rotation-1']);
    const s = useStore.getState();
    expect(s.runMeta['rotation-1']).toMatchObject({ name: 'first try', onDisk: true, checkpointStep: 8 });
    expect(s.curves['rotation-1']).toEqual(curve);
    expect(runOf('rotation-1')?.state).toBe('done');

    expect(await page.app.archive.importRuns(zip)).toEqual(['rotation-2']);
    expect(useStore.getState().runMeta['rotation-2'].name).toBe('first try (2)'); // no two rows read the same (issue #26)
    await page.app.runs.open('rotation-2'); // its checkpoint came along under the new id
    expect(runOf('rotation-2')).toMatchObject({ state: 'done', step: 8 });
  });

  it('refuses a file that is not a run export, and keeps nothing of it', async () => {
    await expect(page.app.archive.importRuns(new TextEncoder().encode('not a zip'))).rejects.toThrow(
      /This file cannot be imported: it is not a zip file/,
    );
    expect(useStore.getState().runs).toEqual([]);
  });
});
