import { textCatalog } from '../catalog';
import type { TextMethod, TextMethodModel, TextMethodSetup } from '../types';
import { reverseTokens } from '../../text/lmLoss';
import { causalStep, textEncoder, textModel } from '../../text/textModel';

/** Previous-word prediction: the causal language model on every window read back to front. */
export const prevword: TextMethod = {
  ...textCatalog.prevword,
  create(setup: TextMethodSetup): TextMethodModel {
    const encoder = textEncoder(setup);
    return textModel({ encoder, mask: 'causal', reversed: true, step: (batch) => causalStep(encoder, reverseTokens(batch.tokens)) });
  },
};
