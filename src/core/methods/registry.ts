import { autoencoder } from './autoencoder';
import { methodIds, methodInfo, type MethodId } from './catalog';
import { colorization } from './colorization';
import { cpc } from './cpc';
import { jigsaw } from './jigsaw';
import { random } from './random';
import { rotation } from './rotation';
import { simclr } from './simclr';
import { supervised } from './supervised';
import type { Method } from './types';

/**
 * Every catalog id bound to its implementation, `<id>/index.ts` (the type makes a missing or an extra one a compile error).
 * Only the training worker, the benchmark and Node tests load this: it pulls in every method and TensorFlow.js.
 */
export const registry: Record<MethodId, Method> = { rotation, jigsaw, colorization, cpc, simclr, autoencoder, supervised, random };

/** The implementations in catalog order (what the worker, the benchmark and the contract test iterate). */
export const methods: Method[] = methodIds.map((id) => registry[id]);

/** The implementation of method `id` (an unknown id fails as methodInfo says). */
export function getMethod(id: string): Method {
  return registry[methodInfo(id).id];
}
