import { errorMessage } from '../../../core/errors';
import type { RunStatus } from '../../../core/train/types';
import { TORCH_METHODS } from '../../../export/torchMethods';
import { app } from '../../state/app';
import { reportError, useStore } from '../../state/store';
import { download, safeFileName } from './download';

const REMOVED = 'it was removed before the export finished.';
const removed = (id: string) => !useStore.getState().runs.some((r) => r.id === id);

/** A run's model downloads (ONNX, safetensors) and its experiment as a PyTorch project. */
export function ModelExports({ run, name }: { run: RunStatus; name: string }) {
  const file = safeFileName(name);
  const save = (what: string, bytes: () => Promise<Uint8Array>, fileName: string) => () =>
    void bytes().then(
      (b) => download(b, fileName),
      (e: unknown) => reportError(`Could not export ${what} of ${name}: ${removed(run.id) ? REMOVED : errorMessage(e)}`),
    );
  return (
    <span role="group" aria-label={`Take ${name} elsewhere`} className="saved-run__exports">
      <button
        type="button"
        onClick={save('the ONNX model', () => app.exports.model(run.id, 'onnx'), `${file}.onnx`)}
        data-testid={`export-onnx-${run.id}`}
        title="Encoder and probe classifier for onnxruntime (the run's dataset must be loaded)"
      >
        ONNX
      </button>
      <button
        type="button"
        onClick={save('the safetensors model', () => app.exports.model(run.id, 'safetensors'), `${file}.safetensors`)}
        data-testid={`export-safetensors-${run.id}`}
        title="Encoder and probe classifier for PyTorch (pretext_model.py)"
      >
        safetensors
      </button>
      {TORCH_METHODS.includes(run.method) && (
        <button
          type="button"
          onClick={save('the PyTorch project', () => app.exports.experiment(run.id), `${file}-pytorch.zip`)}
          data-testid={`export-pytorch-${run.id}`}
          title="The experiment as a PyTorch project: train.py with DistributedDataParallel"
        >
          PyTorch project
        </button>
      )}
    </span>
  );
}
