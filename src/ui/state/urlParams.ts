import { MAX_WASM_THREADS } from '../../core/backend/decide';
import { defaultConfig, formatLimit, rangeText, RESOLUTIONS, settingLimits, type Limit } from '../../core/config';
import { textMethodIds, type MethodId, type TextMethodId } from '../../core/methods/catalog';
import type { BackendRequest, ThreadRequest } from '../../worker/contract';
import type { FinetuneKind } from './store';

/** An experiment as a shareable link: every field comes from a URL parameter. */
export interface Experiment {
  backend: BackendRequest; // ?backend=webgpu|webgl|wasm|cpu (auto when absent)
  threads: ThreadRequest; // ?threads=1…8: WASM's threads (auto when absent: every core but one)
  resolution: number; // ?res=32|48|64|96
  methods: MethodId[]; // ?methods=rotation,cpc (image methods; empty with dataset=text)
  textMethods: TextMethodId[]; // ?dataset=text&methods=nextword,maskedword: text methods on the built-in text sample
  steps?: number; // ?steps= (absent: the time budget, core/budget.ts)
  batchSize?: number; // ?batch= (absent: each method's recipe)
  seed: number; // ?seed=
  autostart: boolean; // ?autostart=1 starts `methods` once the dataset is ready
  dataset: 'sample' | 'none' | 'text'; // ?dataset=none waits for the user's folder; ?dataset=text loads the text sample
  finetune: FinetuneKind[]; // ?finetune=1 fine-tunes every autostarted run once it is probed; ?finetune=semi then also semi-supervised
  finetuneSteps?: number; // ?ftsteps= the most fine-tuning steps at a label budget (absent: the app's)
  pool: boolean; // ?pool=none: the sample without its 10,000 unlabelled photos (?pool=sample, the default: with them)
}

/** A link read: the experiment, and one sentence per parameter that was ignored or corrected (shown on the page). */
export interface ParsedLink {
  experiment: Experiment;
  problems: string[];
}

const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
const THREAD_LIMIT: Limit = { min: 1, max: MAX_WASM_THREADS, integer: true };
/** Every parameter a link may carry; `debug=1` adds the fault-injection hooks (statusApi.ts). */
export const LINK_PARAMETERS = [
  'backend',
  'threads',
  'res',
  'methods',
  'steps',
  'batch',
  'seed',
  'autostart',
  'finetune',
  'ftsteps',
  'dataset',
  'pool',
  'debug',
];
const YES = ['1', 'true'];
const NO = ['0', 'false'];

/** Typed reads of one link's parameters; each value taken other than as written adds a sentence to `problems`. */
function linkReader(q: URLSearchParams, problems: string[]) {
  const shown = (key: string) => `${key}=${q.get(key)}`;

  const number = <T extends number | undefined>(key: string, limit: Limit, fallback: T, fallbackText: string): number | T => {
    const raw = q.get(key);
    if (raw === null) return fallback;
    if (!(limit.integer ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i).test(raw.trim())) {
      problems.push(`${shown(key)} is not ${limit.integer ? 'a whole number' : 'a number'}: using ${fallbackText}.`);
      return fallback;
    }
    const n = Number(raw);
    const kept = Math.min(limit.max, Math.max(limit.min, n));
    if (kept !== n)
      problems.push(
        `${shown(key)} is ${n < limit.min ? 'below the smallest' : 'above the largest'} allowed (${rangeText(limit)}): using ${formatLimit(kept)}.`,
      );
    return kept;
  };

  const oneOf = <T extends string>(key: string, allowed: readonly T[], fallback: T, fallbackText: string): T => {
    const raw = q.get(key);
    if (raw === null || (allowed as readonly string[]).includes(raw)) return (raw as T | null) ?? fallback;
    problems.push(`${shown(key)} is not one of ${allowed.join(', ')}: using ${fallbackText}.`);
    return fallback;
  };

  return { q, problems, shown, number, oneOf };
}

type LinkReader = ReturnType<typeof linkReader>;

/** `res`, snapped to the nearest working resolution. */
function readResolution(r: LinkReader): number {
  const res = r.number(
    'res',
    { min: RESOLUTIONS[0], max: RESOLUTIONS[RESOLUTIONS.length - 1], integer: true },
    defaultConfig.resolution,
    `${defaultConfig.resolution} px`,
  );
  const resolution = RESOLUTIONS.reduce((best, x) => (Math.abs(x - res) < Math.abs(best - res) ? x : best), RESOLUTIONS[0]);
  if (resolution !== res)
    r.problems.push(`${r.shown('res')} is not a working resolution (${RESOLUTIONS.join(', ')}): using ${resolution} px.`);
  return resolution;
}

/** `methods`: the known ones, each once, in the link's order. */
function readMethods({ q, problems, shown }: LinkReader, knownMethods: readonly string[]): string[] {
  const listed = (q.get('methods') ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  const methods = listed.filter((m, i) => knownMethods.includes(m) && listed.indexOf(m) === i);
  const unknown = listed.filter((m) => !knownMethods.includes(m));
  if (unknown.length)
    problems.push(
      `${shown('methods')}: ${unknown.map((m) => `"${m}"`).join(', ')} ${unknown.length === 1 ? 'is not a method' : 'are not methods'} (${knownMethods.join(', ')}): ignored.`,
    );
  if (methods.length + unknown.length < listed.length) problems.push(`${shown('methods')} lists a method twice: it trains once.`);
  return methods;
}

/** `autostart` and `finetune`: what the link starts by itself. */
function readAutostart({ q, problems, shown }: LinkReader, methods: readonly string[]): Pick<Experiment, 'autostart' | 'finetune'> {
  const autostartRaw = q.get('autostart');
  if (autostartRaw !== null && !YES.includes(autostartRaw) && !NO.includes(autostartRaw))
    problems.push(`${shown('autostart')} is not 1 or 0: nothing starts by itself.`);
  const autostart = autostartRaw !== null && YES.includes(autostartRaw);
  if (autostart && methods.length === 0) problems.push(`${shown('autostart')} has no methods to start: add methods=… to the link.`);

  const finetuneRaw = q.get('finetune');
  const finetune: FinetuneKind[] =
    finetuneRaw === null || NO.includes(finetuneRaw)
      ? []
      : finetuneRaw === 'semi'
        ? ['finetune', 'semi']
        : YES.includes(finetuneRaw)
          ? ['finetune']
          : [];
  if (finetuneRaw !== null && finetune.length === 0 && !NO.includes(finetuneRaw))
    problems.push(`${shown('finetune')} is not 1, semi or 0: nothing is fine-tuned by itself.`);
  if (finetune.length && !autostart)
    problems.push(`${shown('finetune')} fine-tunes the runs an autostart link trains: add autostart=1 and methods=… to the link.`);
  return { autostart, finetune };
}

/**
 * Read the experiment from a query string. Nothing is changed silently: an unknown value falls back to the default,
 * a number outside its limits becomes the nearest allowed one, and each such parameter is reported in `problems`.
 */
export function parseExperiment(search: string, knownMethods: readonly string[]): ParsedLink {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  for (const key of new Set(q.keys())) {
    if (!LINK_PARAMETERS.includes(key)) problems.push(`"${key}" is not a link parameter (${LINK_PARAMETERS.join(', ')}): ignored.`);
  }
  const r = linkReader(q, problems);
  const backend = r.oneOf('backend', BACKENDS, 'auto', 'auto');
  const threads: ThreadRequest =
    q.get('threads') === 'auto' ? 'auto' : (r.number('threads', THREAD_LIMIT, undefined, 'every core but one') ?? 'auto');
  const resolution = readResolution(r);
  const dataset = r.oneOf('dataset', ['sample', 'none', 'text'] as const, 'sample', 'the sample');
  const text = dataset === 'text'; // methods are text methods, trained on the text sample
  const listed = readMethods(r, text ? textMethodIds : knownMethods);
  const { autostart, finetune } = readAutostart(r, listed);
  return {
    experiment: {
      finetune,
      finetuneSteps: r.number('ftsteps', settingLimits.steps, undefined, 'the fine-tuning steps of the app'),
      backend,
      threads,
      resolution,
      methods: text ? [] : (listed as MethodId[]),
      textMethods: text ? (listed as TextMethodId[]) : [],
      steps: r.number('steps', settingLimits.steps, undefined, 'the time budget (Standard)'),
      batchSize: r.number('batch', settingLimits.batchSize, undefined, "each method's own batch size"),
      seed: r.number('seed', settingLimits.seed, defaultConfig.seed, String(defaultConfig.seed)),
      autostart,
      dataset,
      pool: r.oneOf('pool', ['sample', 'none'] as const, 'sample', "the sample's pool") !== 'none',
    },
    problems,
  };
}

/** The inverse of parseExperiment, for the "share this experiment" link. Defaults are omitted. */
export function experimentQuery(e: Experiment): string {
  const q = new URLSearchParams();
  if (e.backend !== 'auto') q.set('backend', e.backend);
  if (e.threads !== 'auto') q.set('threads', String(e.threads));
  if (e.resolution !== defaultConfig.resolution) q.set('res', String(e.resolution));
  const methods = e.dataset === 'text' ? e.textMethods : e.methods;
  if (methods.length) q.set('methods', methods.join(','));
  if (e.steps !== undefined) q.set('steps', String(e.steps));
  if (e.batchSize !== undefined) q.set('batch', String(e.batchSize));
  if (e.seed !== defaultConfig.seed) q.set('seed', String(e.seed));
  if (e.autostart) q.set('autostart', '1');
  if (e.finetune.length) q.set('finetune', e.finetune.includes('semi') ? 'semi' : '1');
  if (e.finetuneSteps !== undefined) q.set('ftsteps', String(e.finetuneSteps));
  if (e.dataset !== 'sample') q.set('dataset', e.dataset);
  if (!e.pool) q.set('pool', 'none');
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Writes one parameter of the page's link in place (`null` removes it), so a reload keeps the user's choice. */
export function setLinkParameter(key: string, value: string | null): void {
  const url = new URL(location.href);
  if (value === null) url.searchParams.delete(key);
  else url.searchParams.set(key, value);
  history.replaceState(null, '', url);
}
