import { autoencoder } from './autoencoder';
import { isMethodId, isTextMethodId, methodIds, textMethodIds, type MethodId, type TextMethodId } from './catalog';
import { colorization } from './colorization';
import { cpc } from './cpc';
import { jigsaw } from './jigsaw';
import { maskedword } from './maskedword/maskedword';
import { nextword } from './nextword/nextword';
import { prevword } from './prevword/prevword';
import { random } from './random';
import { rotation } from './rotation';
import { simclr } from './simclr';
import { supervised } from './supervised';
import { textRandom, textSupervised } from './textbaselines/textbaselines';
import type { Method, TextMethod } from './types';

/**
 * Every catalog id bound to its implementation (the type makes a missing one a compile error). Only the
 * training worker, the benchmark and Node tests load this: it pulls in every method and TensorFlow.js.
 */
export const registry: Record<MethodId, Method> = { rotation, jigsaw, colorization, cpc, simclr, autoencoder, supervised, random };

/** The implementations in catalog order (what the worker, the benchmark and the contract test iterate). */
export const methods: Method[] = methodIds.map((id) => registry[id]);

export function getMethod(id: string): Method {
  if (!isMethodId(id)) throw new Error(`Unknown method "${id}". Known: ${methodIds.join(', ')}`);
  return registry[id];
}

/** Every text catalog id bound to its implementation; the baselines share the image ids, the modality picks which. */
export const textRegistry: Record<TextMethodId, TextMethod> = {
  nextword,
  maskedword,
  prevword,
  supervised: textSupervised,
  random: textRandom,
};

export function getTextMethod(id: string): TextMethod {
  if (!isTextMethodId(id)) throw new Error(`Unknown text method "${id}". Known: ${textMethodIds.join(', ')}`);
  return textRegistry[id];
}
