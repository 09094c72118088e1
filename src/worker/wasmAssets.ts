// The WASM backend's files are bundled and served from this origin (no CDN): Vite turns these into URLs.
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
// The threaded build's Emscripten glue, copied as it is (not bundled): its pthread workers importScripts() it.
import threadedSimdGlue from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
import type { WasmAssetPaths } from '../core/backend/select';

export const wasmAssetPaths: WasmAssetPaths = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
  'tfjs-backend-wasm-threaded-simd.js': threadedSimdGlue,
};
