import { encoderLayout, exportMetadata, oihw, type ExportedNetwork, type Weight } from './network';

/**
 * safetensors: an 8-byte little-endian header length, a JSON header ({name: {dtype, shape, data_offsets}} and
 * string `__metadata__`), padded with spaces to 8 bytes, then the raw little-endian data in header order.
 */
export function toSafetensors(tensors: Record<string, Weight>, metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.values.length) throw new Error(`${name}: shape [${t.shape}] holds ${size} values, not ${t.values.length}.`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + size * 4] };
    offset += size * 4;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const t of Object.values(tensors)) {
    out.set(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength), at);
    at += t.values.byteLength;
  }
  return out;
}

/** The layer layout pretext_model.py builds, in the file's metadata: channels, groups and pooling per stage. */
export function architecture(net: Pick<ExportedNetwork, 'config' | 'scaling'>): string {
  return JSON.stringify({ scaling: net.scaling, resolution: net.config.resolution, stages: encoderLayout(net.config) });
}

/** The encoder (and probe) in PyTorch's layouts and state-dict names, as pretext_model.py's PretextModel loads them. */
export function torchStateDict(net: ExportedNetwork): Record<string, Weight> {
  const out: Record<string, Weight> = {};
  net.stages.forEach((s, i) => {
    const p = `encoder.stages.${i}`;
    out[`${p}.conv.weight`] = oihw(s.kernel);
    out[`${p}.conv.bias`] = s.bias;
    out[`${p}.norm.weight`] = s.gamma;
    out[`${p}.norm.bias`] = s.beta;
  });
  const c = net.classifier;
  if (c) {
    const [d, k] = c.weights.shape;
    const transposed = new Float32Array(d * k);
    for (let i = 0; i < d; i++) for (let j = 0; j < k; j++) transposed[j * d + i] = c.weights.values[i * k + j];
    out['probe.mean'] = { shape: [d], values: c.mean };
    out['probe.std'] = { shape: [d], values: c.std };
    out['probe.linear.weight'] = { shape: [k, d], values: transposed };
    out['probe.linear.bias'] = { shape: [k], values: c.bias };
  }
  return out;
}

/** The run's encoder (and probe) as model.safetensors for pretext_model.py. */
export function modelSafetensors(net: ExportedNetwork): Uint8Array {
  return toSafetensors(torchStateDict(net), { ...exportMetadata(net), architecture: architecture(net) });
}
