import { useDeferredValue, useRef, useState } from 'react';
import { errorMessage } from '../../../core/errors';
import { app } from '../../state/app';
import { reportError, useStore } from '../../state/store';
import { useTextRuns } from '../../state/textRuns';
import { download } from './download';
import { RunRow } from './RunRow';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Every run kept in this browser: the list, storage use, and export / import of runs as zip files. */
export function RunsPanel() {
  const runs = useDeferredValue(useStore((s) => s.runs)); // training deltas re-render the list in the background
  const runMeta = useStore((s) => s.runMeta);
  const storage = useStore((s) => s.storage);
  const [note, setNote] = useState<string | null>(null);
  const kept = runs.filter((r) => runMeta[r.id]);
  const textKept = useTextRuns((s) => s.runs.some((r) => r.state === 'done' || r.state === 'stopped'));

  return (
    <section className="panel panel--wide" aria-labelledby="runs-heading" data-testid="runs-panel">
      <div className="panel__head">
        <h2 id="runs-heading">Your runs</h2>
        <span className="muted small" data-testid="storage-use">
          {storage
            ? `kept in this browser: ${mib(storage.usage)} of ${mib(storage.quota)} used${storage.persisted ? ', persistent' : ', may be cleared when the disk runs low'}`
            : 'kept in this browser'}
        </span>
        <ArchiveActions canExport={kept.length > 0 || textKept} onNote={setNote} />
      </div>
      {note && (
        <p className="small" data-testid="import-note">
          {note}
        </p>
      )}
      {kept.length === 0 ? (
        <p className="muted">
          Runs are saved here as they train (curves, evaluations and a checkpoint of the weights), and survive a reload.
        </p>
      ) : (
        <ul className="saved-runs">
          {[...kept].reverse().map((r) => (
            <RunRow key={r.id} run={r} meta={runMeta[r.id]} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Export all" and "Import…": every kept run to one zip file, and runs back from one; `onNote` says what was imported. */
function ArchiveActions({ canExport, onNote }: { canExport: boolean; onNote: (note: string | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const importFile = async (file: File) => {
    onNote(null);
    try {
      const ids = await app.archive.importRuns(new Uint8Array(await file.arrayBuffer()));
      onNote(`Imported ${ids.length} run${ids.length === 1 ? '' : 's'}: ${ids.join(', ')}.`);
    } catch (e) {
      reportError(`Import of "${file.name}" failed. ${errorMessage(e)}`);
    }
  };
  const exportAll = async () => {
    try {
      download(await app.archive.exportRuns([]), 'pretext-runs.zip', 'application/zip');
    } catch (e) {
      reportError(`Export failed: ${errorMessage(e)}`);
    }
  };

  return (
    <span className="saved-run__actions">
      <button type="button" onClick={() => void exportAll()} disabled={!canExport} data-testid="export-all">
        Export all
      </button>
      <button type="button" onClick={() => input.current?.click()} data-testid="import-runs">
        Import…
      </button>
      <input
        ref={input}
        type="file"
        accept=".zip,application/zip"
        hidden
        data-testid="import-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void importFile(file);
        }}
      />
    </span>
  );
}
