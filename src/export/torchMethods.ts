import type { MethodId } from '../core/methods/catalog';

/** Methods the PyTorch project ports (python/pretext_methods.py's METHODS); plain data, so the page can ask without loading the export. */
export const TORCH_METHODS: readonly MethodId[] = ['rotation', 'jigsaw', 'colorization', 'cpc', 'simclr', 'supervised', 'autoencoder'];
