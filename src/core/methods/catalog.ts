import { defaultConfig, type TrainConfig } from '../config';
import { info as autoencoder } from './autoencoder/info';
import { info as colorization } from './colorization/info';
import { info as cpc } from './cpc/info';
import { info as jigsaw } from './jigsaw/info';
import type { ParamSpec } from './params';
import { info as random } from './random/info';
import { info as rotation } from './rotation/info';
import { info as simclr } from './simclr/info';
import { info as supervised } from './supervised/info';

export type { ParamSpec } from './params';
export { isTextMethodId, textCatalog, textMethodIds, type TextMethodId, type TextMethodInfo } from './textCatalog';

/** What a method reads. */
export type Modality = 'image' | 'text';

/** What the page, storage and URL parsing know about a method (its `<id>/info.ts`): plain data, no TensorFlow.js. */
export interface MethodInfo<Id extends string = MethodId> {
  id: Id;
  modality?: Modality; // absent: 'image'
  label: string;
  summary: string; // one plain-language paragraph: what it predicts from what
  needsLabels: boolean;
  trainable: boolean; // false only for the random-init baseline
  minResolution: number; // smallest image side it makes sense at
  metricNames: string[]; // the first is the method's headline metric (e.g. rotation accuracy)
  params: readonly ParamSpec[];
  recipe?: Recipe; // the method's own defaults over defaultConfig (its steps, batch size, learning rate…)
}

/**
 * The run settings a method may set for itself; resolution and seed stay the user's and the experiment's. Its `steps`
 * are the length `npm run quality` trains on the sample; the page's runs take theirs from a time budget (core/budget.ts).
 */
export type Recipe = Partial<Omit<TrainConfig, 'params' | 'resolution' | 'seed'>>;

/**
 * Every method's description, in the order the page lists them. A method is one folder, `<id>/`: `info.ts` (this
 * description) and `index.ts` (its model, loss and memory use, bound to its id in registry.ts, which only the worker loads).
 */
const infos = [rotation, jigsaw, colorization, cpc, simclr, autoencoder, supervised, random];

export type MethodId = (typeof infos)[number]['id'];

/** The catalog as a list, in page order. */
export const methodInfos: MethodInfo[] = infos;

export const methodIds: MethodId[] = methodInfos.map((m) => m.id);

export const catalog = Object.fromEntries(methodInfos.map((m) => [m.id, m])) as Record<MethodId, MethodInfo>;

export function isMethodId(id: unknown): id is MethodId {
  return typeof id === 'string' && Object.hasOwn(catalog, id);
}

/** The description of method `id`; a clear error for an id no method has. */
export function methodInfo(id: string): MethodInfo {
  if (!isMethodId(id)) throw new Error(`Unknown method "${id}". Known: ${methodIds.join(', ')}`);
  return catalog[id];
}

/** A method's default run settings: the shared defaults, then its recipe, then its params' defaults. */
export function recipeConfig(method: Pick<MethodInfo, 'recipe' | 'params'>): TrainConfig {
  return { ...defaultConfig, ...method.recipe, params: Object.fromEntries(method.params.map((p) => [p.key, p.default])) };
}
