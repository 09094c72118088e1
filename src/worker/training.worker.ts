import * as Comlink from 'comlink';
import { createTrainingApi } from './trainingApi';
import { wasmAssetPaths } from './wasmAssets';

const training = createTrainingApi({ wasmPaths: wasmAssetPaths });
self.addEventListener('unhandledrejection', (e) => training.reportUnhandled(e.reason));
Comlink.expose(training.api);
