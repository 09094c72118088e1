import { textCatalog } from '../catalog';
import type { TextMethod, TextMethodModel, TextMethodSetup } from '../types';
import { causalLogits, causalStep, textEncoder, textModel } from '../../text/textModel';

/** Causal language model: position t reads ids ≤ t and predicts the id at t + 1. */
export const nextword: TextMethod = {
  ...textCatalog.nextword,
  create(setup: TextMethodSetup): TextMethodModel {
    const encoder = textEncoder(setup);
    const model = textModel({ encoder, mask: 'causal', step: (batch) => causalStep(encoder, batch.tokens) });
    return { ...model, nextWordLogits: (tokens) => causalLogits(encoder, tokens) };
  },
};
