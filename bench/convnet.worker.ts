import * as Comlink from 'comlink';
import { loadSample } from '../src/ingest/sample';
import { convnetImagesPerSec } from './convnet';

// ConvNetJS in its own worker, on the app's sample images.
const api = {
  async reference(opts: { warmupImages: number; minImages: number; seconds: number }) {
    return convnetImagesPerSec(await loadSample(32, '/'), opts);
  },
};

export type ConvnetWorkerApi = typeof api;
Comlink.expose(api);
