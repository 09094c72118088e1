import type { MethodInfo, Recipe } from './catalog';

/** What every text method trains with unless a run says otherwise: a 64-wide, 2-block transformer (see docs/text.md). */
const TEXT_RECIPE: Recipe = { width: 64, depth: 2, batchSize: 32, learningRate: 3e-3, warmupSteps: 50, weightDecay: 1e-2, steps: 1500 };

/**
 * The text methods' descriptions, in page order (plain data, no TensorFlow.js). Their ids share the image methods'
 * namespace only where the idea is the same (random, supervised); the modality picks the implementation.
 */
const entries = {
  nextword: {
    label: 'Next word',
    summary:
      'Reads a sentence one word at a time and guesses the next word: "hello ___", then "hello this ___". The text itself ' +
      'supplies every answer, so no labels are needed. To guess well it must learn grammar, common phrases and what ' +
      'the text is about, and the way an author writes shows in those guesses.',
    metricNames: ['perplexity', 'accuracy'],
    params: [],
  },
  maskedword: {
    label: 'Masked word',
    summary:
      'Hides some words of a passage and guesses them from the words on both sides, like a cloze test: "the ___ sat on ' +
      'the mat". Seeing both sides makes each guess easier than next-word prediction, and every word of the passage ' +
      "shapes every other word's features.",
    metricNames: ['perplexity', 'accuracy'],
    params: [
      {
        key: 'maskRate',
        label: 'Hidden share',
        help: 'Share of the words hidden in each passage (at least one).',
        default: 0.15,
        min: 0.05,
        max: 0.5,
        step: 0.05,
      },
    ],
  },
  prevword: {
    label: 'Previous word',
    summary:
      'Next-word prediction run backwards: reads a passage from its end and guesses the word before: "___ this is". ' +
      'It learns the same kind of knowledge from the other direction, which shows how much of it depends on reading order.',
    metricNames: ['perplexity', 'accuracy'],
    params: [],
  },
  supervised: {
    label: 'Supervised',
    summary: 'The reference with labels: the same network trained directly to name the class (author) of each labelled passage.',
    needsLabels: true,
    metricNames: ['accuracy'],
    params: [],
  },
  random: {
    label: 'Random init',
    summary:
      'No training: the network keeps its random weights. Averaged random word vectors still tell texts apart a little; this is the floor to beat.',
    trainable: false,
    metricNames: [],
    params: [],
  },
} satisfies Record<string, Pick<MethodInfo, 'label' | 'summary' | 'metricNames' | 'params'> & Partial<Omit<MethodInfo, 'id'>>>;

export type TextMethodId = keyof typeof entries;

/** A text method's catalog entry: an image entry's fields with a text id and modality 'text'. */
export type TextMethodInfo = Omit<MethodInfo, 'id' | 'modality'> & { id: TextMethodId; modality: 'text' };

export const textMethodIds = Object.keys(entries) as TextMethodId[];

/** Every text method's full catalog entry. */
export const textCatalog = Object.fromEntries(
  Object.entries(entries).map(([id, e]) => [
    id,
    { id, modality: 'text', needsLabels: false, trainable: true, minResolution: 0, recipe: TEXT_RECIPE, ...e },
  ]),
) as unknown as Record<TextMethodId, TextMethodInfo>;

export function isTextMethodId(id: unknown): id is TextMethodId {
  return typeof id === 'string' && Object.hasOwn(entries, id);
}
