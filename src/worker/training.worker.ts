import * as Comlink from 'comlink';
import { createWorkerEnd } from './trainerEnd';
import { wasmAssetPaths } from './wasmAssets';

const training = createWorkerEnd({ wasmPaths: wasmAssetPaths });
self.addEventListener('unhandledrejection', (e) => training.reportUnhandled(e.reason));
Comlink.expose(training.end);
