import { defaultConfig } from '../../core/config';
import type { MethodId } from '../../core/methods/catalog';
import type { BackendRequest } from '../../worker/protocol';

/** An experiment as a shareable link: every field comes from a URL parameter. */
export interface Experiment {
  backend: BackendRequest; // ?backend=webgpu|webgl|wasm|cpu (auto when absent)
  resolution: number; // ?res=32|48|64|96
  methods: MethodId[]; // ?methods=rotation,cpc
  steps?: number; // ?steps= (absent: each method's recipe)
  batchSize?: number; // ?batch= (absent: each method's recipe)
  seed: number; // ?seed=
  autostart: boolean; // ?autostart=1 starts `methods` once the dataset is ready
  dataset: 'sample' | 'none'; // ?dataset=none waits for the user's folder
  pool: boolean; // ?pool=none: the sample without its 10,000 unlabelled photos (?pool=sample, the default: with them)
}

const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
const RESOLUTIONS = [32, 48, 64, 96];

function int<T extends number | undefined>(value: string | null, fallback: T, min: number, max: number): number | T {
  const n = value === null ? NaN : Number.parseInt(value, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** Parse (and clamp) the experiment from a query string; unknown values fall back to defaults. */
export function parseExperiment(search: string, knownMethods: readonly string[]): Experiment {
  const q = new URLSearchParams(search);
  const backend = (BACKENDS as readonly string[]).includes(q.get('backend') ?? '') ? (q.get('backend') as BackendRequest) : 'auto';
  const res = int(q.get('res'), defaultConfig.resolution, 8, 96);
  const methods = (q.get('methods') ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m, i, all) => knownMethods.includes(m) && all.indexOf(m) === i) as MethodId[];
  return {
    backend,
    resolution: RESOLUTIONS.includes(res) ? res : defaultConfig.resolution,
    methods,
    steps: int(q.get('steps'), undefined, 1, 1_000_000),
    batchSize: int(q.get('batch'), undefined, 1, 1024),
    seed: int(q.get('seed'), defaultConfig.seed, 0, 2 ** 31 - 1),
    autostart: q.get('autostart') === '1' || q.get('autostart') === 'true',
    dataset: q.get('dataset') === 'none' ? 'none' : 'sample',
    pool: q.get('pool') !== 'none',
  };
}

/** The inverse of parseExperiment, for the "share this experiment" link. Defaults are omitted. */
export function experimentQuery(e: Experiment): string {
  const q = new URLSearchParams();
  if (e.backend !== 'auto') q.set('backend', e.backend);
  if (e.resolution !== defaultConfig.resolution) q.set('res', String(e.resolution));
  if (e.methods.length) q.set('methods', e.methods.join(','));
  if (e.steps !== undefined) q.set('steps', String(e.steps));
  if (e.batchSize !== undefined) q.set('batch', String(e.batchSize));
  if (e.seed !== defaultConfig.seed) q.set('seed', String(e.seed));
  if (e.autostart) q.set('autostart', '1');
  if (e.dataset === 'none') q.set('dataset', 'none');
  if (!e.pool) q.set('pool', 'none');
  const s = q.toString();
  return s ? `?${s}` : '';
}
