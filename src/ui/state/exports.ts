import type { Checkpoint } from '../../core/train/types';
import { datasetKey } from './persistence';
import type { Runs } from './runs';
import { useStore } from './store';

/** Formats of a model export: ONNX (one-line use in onnxruntime) or safetensors (with pretext_model.py). */
export const MODEL_FORMATS = ['onnx', 'safetensors'] as const;
export type ModelFormat = (typeof MODEL_FORMATS)[number];

const isModelFormat = (f: unknown): f is ModelFormat => (MODEL_FORMATS as readonly unknown[]).includes(f);

/** The downloads that take a run out of the lab: its model (ONNX, safetensors) and its experiment as a PyTorch project. */
export class Exports {
  constructor(private readonly runs: Runs) {}

  /** The run's encoder and probe classifier, now (the run opens in the worker first when it is on disk). */
  async model(runId: string, format: ModelFormat): Promise<Uint8Array> {
    if (!isModelFormat(format))
      throw new Error(`Unknown model format "${String(format)}": use ${MODEL_FORMATS.map((f) => `'${f}'`).join(' or ')}.`);
    const status = statusOf(runId);
    const { checkpoint, classifier } = await this.runs.exportable(runId, true);
    const [{ exportedNetwork }, write] = await Promise.all([
      import('../../export/network'),
      format === 'onnx'
        ? import('../../export/onnx').then((m) => m.toOnnx)
        : import('../../export/safetensors').then((m) => m.modelSafetensors),
    ]);
    return write(exportedNetwork(runId, status.method, status.config, checkpoint, classifier));
  }

  /** The run's experiment as a PyTorch project (a zip), with its current weights as weights.safetensors. */
  async experiment(runId: string): Promise<Uint8Array> {
    const status = statusOf(runId);
    const { checkpoint, state } = await this.runs.exportable(runId, false);
    const { experimentZip } = await import('../../export/experiment');
    return experimentZip({
      runId,
      method: status.method,
      config: status.config,
      classNames: classNames(runId, checkpoint),
      checkpoint,
      state,
    });
  }
}

function statusOf(runId: string) {
  const status = useStore.getState().runs.find((r) => r.id === runId);
  if (!status) throw new Error(`There is no run "${runId}".`);
  return status;
}

/** The loaded dataset's classes when it is the run's; else as many "class i" as the checkpoint's last layer has outputs. */
function classNames(runId: string, checkpoint: Checkpoint | null): string[] {
  const s = useStore.getState();
  const meta = s.runMeta[runId];
  if (s.dataset && (!meta || JSON.stringify(datasetKey(s.dataset)) === JSON.stringify(meta.dataset))) return s.dataset.classes;
  const last = checkpoint ? Object.entries(checkpoint.weights).sort(([a], [b]) => Number(b) - Number(a))[0]?.[1] : undefined;
  return Array.from({ length: last?.shape.length === 1 ? last.shape[0] : 0 }, (_, i) => `class ${i}`);
}
