import onnxProto, { type onnx } from 'onnx-proto';
import { CENTRED, exportMetadata, NORM_EPS, oihw, PER_IMAGE_EPS, type ExportedNetwork, type Stage } from './network';

/** onnx-proto is CommonJS: its generated classes come through the default export. */
const proto = onnxProto.onnx;
const { DataType } = proto.TensorProto;
const { AttributeType } = proto.AttributeProto;

/** ONNX opset 17 (ReduceMean with an axes attribute, InstanceNormalization): onnxruntime 1.13 and later, web and Python. */
const OPSET = 17;

/** Nodes and initializers of one graph; every helper returns the name of its output. */
class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private count = 0;

  constant(name: string, dims: number[], values: Float32Array | number[]): string {
    const data = Float32Array.from(values);
    this.initializers.push({ name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  ints(name: string, values: number[]): string {
    const data = BigInt64Array.from(values.map(BigInt));
    this.initializers.push({ name, dims: [values.length], dataType: DataType.INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  op(opType: string, inputs: string[], attributes: onnx.IAttributeProto[] = [], output = `t${this.count++}`): string {
    this.nodes.push({ opType, input: inputs, output: [output], attribute: attributes, name: `${opType}_${this.nodes.length}` });
    return output;
  }
}

const ints = (name: string, values: number[]): onnx.IAttributeProto => ({ name, type: AttributeType.INTS, ints: values });
const int = (name: string, i: number): onnx.IAttributeProto => ({ name, type: AttributeType.INT, i });
const float = (name: string, f: number): onnx.IAttributeProto => ({ name, type: AttributeType.FLOAT, f });

/** uint8 [N, H, W, 3] → the encoder's input, float [N, 3, H, W], scaled as the method scales it. */
function scaledInput(g: GraphBuilder, net: ExportedNetwork): string {
  const x = g.op('Div', [g.op('Cast', ['image'], [int('to', DataType.FLOAT)]), g.constant('c255', [], [255])]);
  let scaled: string;
  if (net.scaling === 'centred') {
    scaled = g.op('Mul', [g.op('Sub', [x, g.constant('centre', [], [CENTRED.offset])]), g.constant('scale', [], [CENTRED.scale])]);
  } else {
    const axes = ints('axes', [1, 2, 3]);
    const centred = g.op('Sub', [x, g.op('ReduceMean', [x], [axes])]);
    const variance = g.op('ReduceMean', [g.op('Mul', [centred, centred])], [axes]);
    scaled = g.op('Div', [centred, g.op('Sqrt', [g.op('Add', [variance, g.constant('perImageEps', [], [PER_IMAGE_EPS])])])]);
  }
  return g.op('Transpose', [scaled], [ints('perm', [0, 3, 1, 2])]);
}

/** (max-pool →) conv3×3 → group norm → ReLU, as Encoder.apply; group norm is InstanceNormalization over [N, groups, rest]. */
function stage(g: GraphBuilder, h: string, st: Stage, s: number): string {
  const input = st.pool ? g.op('MaxPool', [h], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]) : h;
  const k = oihw(st.kernel);
  const c = k.shape[0];
  const y = g.op(
    'Conv',
    [input, g.constant(`conv${s}.weight`, k.shape, k.values), g.constant(`conv${s}.bias`, [c], st.bias.values)],
    [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1])],
  );
  const grouped = g.op('Reshape', [y, g.ints(`norm${s}.groupShape`, [0, st.groups, -1])]);
  const ones = g.constant(`norm${s}.ones`, [st.groups], new Float32Array(st.groups).fill(1));
  const normed = g.op(
    'InstanceNormalization',
    [grouped, ones, g.constant(`norm${s}.zeros`, [st.groups], new Float32Array(st.groups))],
    [float('epsilon', NORM_EPS)],
  );
  const back = g.op('Reshape', [normed, g.op('Shape', [y])]);
  const affine = g.op('Add', [
    g.op('Mul', [back, g.constant(`norm${s}.weight`, [c, 1, 1], st.gamma.values)]),
    g.constant(`norm${s}.bias`, [c, 1, 1], st.beta.values),
  ]);
  return g.op('Relu', [affine]);
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/**
 * The run's encoder as an ONNX model: input `image`, uint8 [N, R, R, 3] RGB; output `features` [N, featureDim] (every
 * stage's global average, joined, as the probes see them) and, with a classifier, `probabilities` [N, classes].
 * The run's method, settings, step and class names are in metadata_props.
 */
export function toOnnx(net: ExportedNetwork): Uint8Array {
  const g = new GraphBuilder();
  let h = scaledInput(g, net);
  const pooled: string[] = [];
  net.stages.forEach((st, s) => {
    h = stage(g, h, st, s);
    pooled.push(g.op('Flatten', [g.op('GlobalAveragePool', [h])]));
  });
  g.op('Concat', pooled, [int('axis', 1)], 'features');
  const r = net.config.resolution;
  const outputs = [valueInfo('features', DataType.FLOAT, ['N', net.featureDim])];
  const cls = net.classifier;
  if (cls) {
    const d = net.featureDim;
    const k = cls.classNames.length;
    const standardized = g.op('Div', [
      g.op('Sub', ['features', g.constant('probe.mean', [d], cls.mean)]),
      g.constant('probe.std', [d], cls.std),
    ]);
    const logits = g.op('Gemm', [
      standardized,
      g.constant('probe.weight', [d, k], cls.weights.values),
      g.constant('probe.bias', [k], cls.bias),
    ]);
    g.op('Softmax', [logits], [int('axis', -1)], 'probabilities');
    outputs.push(valueInfo('probabilities', DataType.FLOAT, ['N', k]));
  }
  const model = proto.ModelProto.create({
    irVersion: 8,
    producerName: 'Pretext',
    opsetImport: [{ domain: '', version: OPSET }],
    docString: `Pretext ${net.method} encoder, step ${net.step}: uint8 RGB images [N, ${r}, ${r}, 3] in, features${cls ? ' and class probabilities' : ''} out.`,
    metadataProps: Object.entries(exportMetadata(net)).map(([key, value]) => ({ key, value })),
    graph: {
      name: `pretext_${net.method}`,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo('image', DataType.UINT8, ['N', r, r, 3])],
      output: outputs,
    },
  });
  return proto.ModelProto.encode(model).finish();
}
