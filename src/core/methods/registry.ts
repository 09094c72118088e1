import { autoencoder } from './autoencoder';
import { colorization } from './colorization';
import { cpc } from './cpc';
import { jigsaw } from './jigsaw';
import { random } from './random';
import { rotation } from './rotation';
import { simclr } from './simclr';
import { supervised } from './supervised';
import type { Method, MethodId } from './types';

/** The single list of methods the worker, the UI, the benchmark and the contract test iterate. */
export const methods: Method[] = [rotation, jigsaw, colorization, cpc, simclr, autoencoder, supervised, random];

export function getMethod(id: string): Method {
  const m = methods.find((x) => x.id === id);
  if (!m) throw new Error(`Unknown method "${id}". Known: ${methods.map((x) => x.id).join(', ')}`);
  return m;
}

export const methodIds = methods.map((m) => m.id) as MethodId[];
