"""A Pretext encoder (and its linear probe) in PyTorch: the network the lab trained, read from model.safetensors.

    import pretext_model
    model = pretext_model.load("model.safetensors")
    probabilities = model(images)  # uint8 [N, H, W, 3] RGB at the run's resolution (tensor or numpy array)
    features = model.features(images)

Needs only torch (1.13 or later); the safetensors reader is below, so the `safetensors` package is optional.
"""
import json
import struct

import torch
import torch.nn.functional as F
from torch import nn

CENTRED_OFFSET, CENTRED_SCALE = 0.5, 4.0  # 'centred' scaling: (x - 0.5) * 4
PER_IMAGE_EPS = 1e-3  # 'perImage' scaling: each image to mean 0, variance 1
NORM_EPS = 1e-5


def read_safetensors(path):
    """(tensors, metadata) of a float32 safetensors file."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    metadata = header.pop("__metadata__", {})
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {info['dtype']}; this reader takes F32 only")
        start, end = (8 + length + o for o in info["data_offsets"])
        tensors[name] = torch.frombuffer(bytearray(data[start:end]), dtype=torch.float32).reshape(info["shape"])
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Write float32 tensors (a state dict) and string metadata as safetensors."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        blob = t.detach().to("cpu", torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def scale(x, scaling):
    """Pixels in [0, 1], [N, 3, H, W] -> the encoder's input, as the method scales it."""
    if scaling == "centred":
        return (x - CENTRED_OFFSET) * CENTRED_SCALE
    if scaling == "perImage":
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        var = ((x - mean) ** 2).mean(dim=(1, 2, 3), keepdim=True)
        return (x - mean) / torch.sqrt(var + PER_IMAGE_EPS)
    raise ValueError(f"unknown input scaling {scaling!r}")


def to_unit(images):
    """uint8 [N, H, W, 3] RGB (tensor or numpy) -> float [N, 3, H, W] in [0, 1]."""
    x = torch.as_tensor(images)
    if x.dim() != 4 or x.shape[-1] != 3:
        raise ValueError(f"images must be [N, H, W, 3] RGB, got shape {list(x.shape)}")
    return x.permute(0, 3, 1, 2).float() / 255


class Stage(nn.Module):
    """(2x2 max-pool ->) conv3x3 -> group norm -> ReLU."""

    def __init__(self, cin, channels, groups, pool):
        super().__init__()
        self.pool = pool
        self.conv = nn.Conv2d(cin, channels, 3, padding=1)
        self.norm = nn.GroupNorm(groups, channels, eps=NORM_EPS)

    def forward(self, x):
        if self.pool:
            x = F.max_pool2d(x, 2)
        return F.relu(self.norm(self.conv(x)))


class Encoder(nn.Module):
    """The lab's encoder. `architecture`: {"stages": [{"channels", "groups", "pool"}...]} (model.safetensors' metadata)."""

    def __init__(self, architecture, in_channels=3):
        super().__init__()
        stages, cin = [], in_channels
        for s in architecture["stages"]:
            stages.append(Stage(cin, s["channels"], s["groups"], s["pool"]))
            cin = s["channels"]
        self.stages = nn.ModuleList(stages)
        self.feature_dim = cin  # channels of the last stage (`pooled`)
        self.probe_dim = sum(s["channels"] for s in architecture["stages"])  # width of `features`

    def maps(self, x):
        """Every stage's output for a scaled input [N, 3, H, W]; the last is the feature map."""
        out = []
        for stage in self.stages:
            x = stage(x)
            out.append(x)
        return out

    def pooled(self, x):
        """Global average of the last map, [N, feature_dim]: what the methods' heads read."""
        return self.maps(x)[-1].mean(dim=(2, 3))

    def features(self, x):
        """Every stage's global average, joined, [N, probe_dim]: the probes' frozen features."""
        return torch.cat([m.mean(dim=(2, 3)) for m in self.maps(x)], dim=1)


class Probe(nn.Module):
    """Standardize with the train features' statistics, then a linear layer: the lab's linear probe."""

    def __init__(self, dim, classes):
        super().__init__()
        self.register_buffer("mean", torch.zeros(dim))
        self.register_buffer("std", torch.ones(dim))
        self.linear = nn.Linear(dim, classes)

    def forward(self, features):
        return self.linear((features - self.mean) / self.std)


class PretextModel(nn.Module):
    """uint8 images in; `features(images)`, and with a probe `forward(images)` = class probabilities."""

    def __init__(self, metadata):
        super().__init__()
        self.metadata = metadata
        self.architecture = json.loads(metadata["architecture"])
        self.scaling = self.architecture["scaling"]
        self.class_names = json.loads(metadata.get("class_names", "[]"))
        self.encoder = Encoder(self.architecture)
        self.probe = Probe(self.encoder.probe_dim, len(self.class_names)) if self.class_names else None

    def features(self, images):
        return self.encoder.features(scale(to_unit(images), self.scaling))

    def forward(self, images):
        features = self.features(images)
        if self.probe is None:
            return features
        return torch.softmax(self.probe(features), dim=1)


def load(path):
    """The model in `path` (model.safetensors from the lab's export), in eval mode."""
    tensors, metadata = read_safetensors(path)
    model = PretextModel(metadata)
    model.load_state_dict(tensors)
    return model.eval()
