import type { MethodInfo } from '../../core/methods/catalog';
import type { DatasetInfo } from '../state/store';

/** Whether a method can start on the current data: `blocked` disables it, `warning` only informs. */
export interface Availability {
  blocked: string | null;
  warning: string | null;
}

export function availability(
  method: Pick<MethodInfo, 'needsLabels' | 'minResolution'>,
  dataset: DatasetInfo | null,
  backendReady: boolean,
): Availability {
  if (!dataset || dataset.images === 0) return { blocked: 'Load a dataset first.', warning: null };
  if (!backendReady) return { blocked: 'Waiting for the training backend to start…', warning: null };
  const labelled = dataset.classes.length >= 2 && dataset.counts.some((c) => c > 0);
  if (method.needsLabels && !labelled) {
    return { blocked: 'Needs labelled images: put them in one sub-folder per class (at least two classes).', warning: null };
  }
  const warning =
    dataset.resolution < method.minResolution
      ? `Meant for images of at least ${method.minResolution} px; these are ${dataset.resolution} px, so it may learn little. Raise the resolution in the Dataset panel.`
      : null;
  return { blocked: null, warning };
}
