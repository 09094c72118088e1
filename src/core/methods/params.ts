import type { ParamValue, TrainConfig } from '../config';

/** A method-specific hyperparameter, as the UI shows it. */
export interface ParamSpec {
  key: string;
  label: string;
  help: string; // one line, shown as the control's description
  default: ParamValue;
  min?: number;
  max?: number;
  step?: number;
  options?: readonly string[]; // for string params: the allowed values
}

/** The type a spec's value reads as: one of its options, else the type of its default. */
type ValueOf<S extends ParamSpec> = S extends { options: readonly (infer O)[] }
  ? O
  : S['default'] extends number
    ? number
    : S['default'] extends boolean
      ? boolean
      : string;

/** A method's param values by key, typed from its specs. */
export type ParamValues<S extends readonly ParamSpec[]> = { [P in S[number] as P['key']]: ValueOf<P> };

/** A method's params: their specs (what the UI renders) and a typed reader of a run's values. */
export interface Params<S extends readonly ParamSpec[]> {
  specs: S;
  /** Every param's value in `cfg`, the spec's default where the run does not set it. */
  read(cfg: TrainConfig): ParamValues<S>;
}

/** Declare a method's params once: `const params = defineParams([...])`, then `params.read(cfg).temperature` is a number. */
export function defineParams<const S extends readonly ParamSpec[]>(specs: S): Params<S> {
  return {
    specs,
    read: (cfg) => Object.fromEntries(specs.map((p) => [p.key, cfg.params[p.key] ?? p.default])) as ParamValues<S>,
  };
}

/** Crop + mirror before the pretext task (rotation, colorization): more variety from the same photos. */
export const CROP_PARAM = {
  key: 'minCrop',
  label: 'Smallest crop',
  default: 0.35,
  min: 0.1,
  max: 1,
  step: 0.05,
  help: 'Each image is first cropped to at least this share of its area (resized back) and mirrored half the time; 1 turns this augmentation off.',
} as const satisfies ParamSpec;
