import { formatLimit, rangeText, settingLimits, type Limit } from '../config';

/** A text run's settings that have limits: the tokenizer's and the encoder's sizes, and the run's batch and steps. */
export interface TextSettings {
  vocabSize: number; // words the tokenizer keeps (its 4 specials included)
  seqLen: number; // T, words the encoder reads per row
  batchSize: number; // windows per step
  steps?: number; // a fixed step count (absent: a time budget)
}

/**
 * The allowed values. Vocabulary: the 4 specials and a word at least, 50,000 at most (the output layer is V × d and
 * every step's logits B × T × V). Sequence: 2 words at least, 256 at most (attention is T × T per head and block).
 */
export const TEXT_LIMITS: Record<keyof TextSettings, Limit> = {
  vocabSize: { min: 5, max: 50_000, integer: true },
  seqLen: { min: 2, max: 256, integer: true },
  batchSize: settingLimits.batchSize,
  steps: settingLimits.steps,
};

const NAMES: Record<keyof TextSettings, string> = {
  vocabSize: 'Vocabulary size',
  seqLen: 'Sequence length',
  batchSize: 'Batch size',
  steps: 'Steps',
};

/** Why `value` is not allowed for `key` ("Batch size 0 is not allowed: …"), or null. */
export function textSettingProblem(key: keyof TextSettings, value: number): string | null {
  const l = TEXT_LIMITS[key];
  const ok = Number.isFinite(value) && value >= l.min && value <= l.max && (!l.integer || Number.isInteger(value));
  return ok
    ? null
    : `${NAMES[key]} ${Number.isFinite(value) ? formatLimit(value) : String(value)} is not allowed: it must be ${rangeText(l)}.`;
}

/** Every setting of `s` out of its limits, each named in one message; null when all are allowed. Nothing is changed. */
export function textSettingsProblem(s: Partial<TextSettings>): string | null {
  const problems = (Object.keys(NAMES) as (keyof TextSettings)[])
    .filter((k) => s[k] !== undefined)
    .map((k) => textSettingProblem(k, s[k]!))
    .filter((p): p is string => p !== null);
  return problems.length > 0 ? problems.join(' ') : null;
}
