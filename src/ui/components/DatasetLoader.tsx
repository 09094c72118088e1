import { useRef } from 'react';
import { RESOLUTIONS } from '../../core/config';
import { collectFromFileList } from '../../ingest/collect';
import { app } from '../state/app';
import { useStore } from '../state/store';
import { clearText, loadPicked, loadTextSample } from '../state/textDatasets';

interface FilePickerProps {
  label: string; // the button's text
  inputLabel: string; // the hidden input's accessible name
  inputTestId: string;
  buttonTestId?: string;
  accept?: string;
  folder?: boolean; // picks a whole folder (webkitdirectory) rather than files
  disabled: boolean;
  onPick: (files: FileList | null, input: HTMLInputElement) => void;
}

/** A button that opens a hidden file input (the input itself stays reachable for tests and assistive tools). */
function FilePicker({ label, inputLabel, inputTestId, buttonTestId, accept, folder, disabled, onPick }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} disabled={disabled} data-testid={buttonTestId}>
        {label}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        data-testid={inputTestId}
        aria-label={inputLabel}
        accept={accept}
        {...(folder ? { webkitdirectory: '', directory: '' } : {})}
        multiple
        onChange={(e) => onPick(e.target.files, e.target)}
      />
    </>
  );
}

/** Folder picker, file pickers (images, .txt), the image and text samples, and the working resolution. */
export function DatasetLoader() {
  // before any dataset: the experiment link's (?res=64&dataset=none decodes the user's folder at 64 px)
  const resolution = useStore((s) => s.dataset?.resolution) ?? app.datasets.resolution;
  const busy = useStore((s) => s.ingest !== null);

  const onPick = (files: FileList | null, input: HTMLInputElement) => {
    if (!files || files.length === 0) return;
    const picked = collectFromFileList(files); // reads the list before the input is cleared
    input.value = '';
    void picked.then((entries) => loadPicked(entries, resolution));
  };

  return (
    <div className="loader">
      <FilePicker label="Open a folder…" inputLabel="Folder of images" inputTestId="folder-input" folder disabled={busy} onPick={onPick} />
      <FilePicker
        label="Open images…"
        inputLabel="Image files"
        inputTestId="files-input"
        accept="image/*"
        disabled={busy}
        onPick={onPick}
      />
      <FilePicker
        label="Open .txt files…"
        inputLabel="Text files"
        inputTestId="text-input"
        buttonTestId="open-text"
        accept=".txt,text/plain"
        disabled={busy}
        onPick={onPick}
      />
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
      <p className="muted small">
        Or drag a folder anywhere onto the page. Sub-folder names become class labels; images at the top level are unlabelled. A folder of
        .txt files is read as text, one file a text; a single .txt file is split at blank lines.
      </p>
    </div>
  );
}
