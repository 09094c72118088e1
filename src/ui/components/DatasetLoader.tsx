import { useRef } from 'react';
import { RESOLUTIONS } from '../../core/config';
import { collectFromFileList } from '../../ingest/collect';
import { app } from '../state/app';
import { useStore } from '../state/store';
import { clearText, loadPicked, loadTextSample } from '../state/textDatasets';

/** Folder picker, file pickers (images, .txt), the image and text samples, and the working resolution. */
export function DatasetLoader() {
  // before any dataset: the experiment link's (?res=64&dataset=none decodes the user's folder at 64 px)
  const resolution = useStore((s) => s.dataset?.resolution) ?? app.datasets.resolution;
  const busy = useStore((s) => s.ingest !== null);
  const folderInput = useRef<HTMLInputElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const textInput = useRef<HTMLInputElement>(null);

  const onPick = (files: FileList | null, input: HTMLInputElement | null) => {
    if (!files || files.length === 0) return;
    const picked = collectFromFileList(files); // reads the list before the input is cleared
    if (input) input.value = '';
    void picked.then((entries) => loadPicked(entries, resolution));
  };

  return (
    <div className="loader">
      <button type="button" onClick={() => folderInput.current?.click()} disabled={busy}>
        Open a folder…
      </button>
      <button type="button" onClick={() => filesInput.current?.click()} disabled={busy}>
        Open images…
      </button>
      <button type="button" onClick={() => textInput.current?.click()} disabled={busy} data-testid="open-text">
        Open .txt files…
      </button>
      <button
        type="button"
        onClick={() => (clearText(), void app.datasets.loadSample(resolution))}
        disabled={busy}
        data-testid="use-sample"
      >
        Use the sample dataset
      </button>
      <button type="button" onClick={() => void loadTextSample()} disabled={busy} data-testid="use-text-sample">
        Use the text sample
      </button>
      <label>
        Resolution{' '}
        <select value={resolution} onChange={(e) => void app.datasets.reloadAt(Number(e.target.value))} disabled={busy}>
          {RESOLUTIONS.map((r) => (
            <option key={r} value={r}>
              {r} px
            </option>
          ))}
        </select>
      </label>
      <input
        ref={folderInput}
        type="file"
        hidden
        data-testid="folder-input"
        aria-label="Folder of images"
        {...{ webkitdirectory: '', directory: '' }}
        multiple
        onChange={(e) => onPick(e.target.files, e.target)}
      />
      <input
        ref={filesInput}
        type="file"
        hidden
        data-testid="files-input"
        aria-label="Image files"
        accept="image/*"
        multiple
        onChange={(e) => onPick(e.target.files, e.target)}
      />
      <input
        ref={textInput}
        type="file"
        hidden
        data-testid="text-input"
        aria-label="Text files"
        accept=".txt,text/plain"
        multiple
        onChange={(e) => onPick(e.target.files, e.target)}
      />
      <p className="muted small">
        Or drag a folder anywhere onto the page. Sub-folder names become class labels; images at the top level are unlabelled. A folder of
        .txt files is read as text, one file a text; a single .txt file is split at blank lines.
      </p>
    </div>
  );
}
