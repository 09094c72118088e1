/** Plain, transferable data for the UI's per-method views. Images are RGBA bytes. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray; // RGBA, width*height*4
}

export interface RotationView {
  kind: 'rotation';
  /** Per image: the 4 rotated copies (0/90/180/270) and, for each, the predicted probability of each angle. */
  items: { rotated: RgbaImage[]; probs: number[][] }[];
}

export interface JigsawView {
  kind: 'jigsaw';
  items: {
    original: RgbaImage;
    tiles: RgbaImage[]; // the grid² tiles in the shuffled order the network saw
    truePerm: number[]; // tiles[k] came from grid cell truePerm[k]
    predictedPerm: number[];
    reassembled: RgbaImage; // tiles put back where the prediction says
    correct: boolean;
  }[];
}

export interface ColorizationView {
  kind: 'colorization';
  items: { gray: RgbaImage; predicted: RgbaImage; original: RgbaImage }[];
}

export interface ReconstructionView {
  kind: 'reconstruction';
  items: { input: RgbaImage; output: RgbaImage; original: RgbaImage }[];
}

export interface ClassificationView {
  kind: 'classification';
  classNames: string[];
  items: { image: RgbaImage; label: number; probs: number[] }[];
}

/** Two augmented views of each image and the cosine similarity of every first view to every second one. */
export interface ContrastiveView {
  kind: 'contrastive';
  first: RgbaImage[]; // view 1 of image i
  second: RgbaImage[]; // view 2 of image i
  similarity: number[]; // [n·n] row-major: similarity[i·n + j] = cos(first i, second j); the diagonal pairs are positives
}

/**
 * Everything needed to step through CPC's predictions for one image of a batch.
 * Patch n = b·G·G + i·G + j. scores[((i·G + j)·K + (k-1))·N + n] is the score of candidate
 * patch n as the prediction made from context (i, j) for row i + k; NaN where i + k ≥ G.
 */
export interface CpcView {
  kind: 'cpc';
  image: RgbaImage;
  imageIndex: number; // b of the shown image within the batch
  grid: number; // G
  patchSize: number;
  stride: number;
  maxOffset: number; // K
  patches: RgbaImage[]; // all N = B·G·G candidate patches
  scores: Float32Array; // [G, G, K, N]
}

export type MethodView =
  RotationView | JigsawView | ColorizationView | ReconstructionView | ClassificationView | CpcView | ContrastiveView | { kind: 'none' };

export interface Visualization {
  filters: RgbaImage[]; // first-layer filters of the encoder
  view: MethodView;
}
