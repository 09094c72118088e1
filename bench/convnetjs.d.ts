// The slice of ConvNetJS 0.3 (npm convnetjs, untyped) that the benchmark uses.
declare module 'convnetjs' {
  export class Vol {
    constructor(sx: number, sy: number, depth: number, c?: number);
    sx: number;
    sy: number;
    depth: number;
    w: Float64Array;
    dw: Float64Array;
  }
  export interface Layer {
    out_sx: number;
    out_sy: number;
    out_depth: number;
    forward(v: Vol, isTraining: boolean): Vol;
    backward(y?: number): number | void;
    getParamsAndGrads(): { params: Float64Array; grads: Float64Array }[];
  }
  export class Net {
    layers: Layer[];
    makeLayers(defs: Record<string, unknown>[]): void;
  }
  export class Trainer {
    constructor(net: Net, options: Record<string, unknown>);
    train(x: Vol, y: number): { loss: number };
  }
  const convnetjs: { Vol: typeof Vol; Net: typeof Net; Trainer: typeof Trainer };
  export default convnetjs;
}
