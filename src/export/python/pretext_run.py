"""Data in the lab's conventions, and the lab's run format (run.zip), for train.py.

Data: a packed set (meta.json + pixels.bin, as the lab's sample: uint8 RGB [count, R, R, 3]), or an image folder with
one sub-folder per class (images directly in the folder are unlabelled); folders need torchvision or Pillow to decode.
"""
import csv
import io
import json
import os
import zipfile

import torch
import torch.nn.functional as F

from pretext_model import read_safetensors

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


def load_images(path, resolution):
    """(uint8 [N, R, R, 3], int64 labels [N] with -1 for unlabelled, class names, the data set's name in the lab)."""
    if os.path.exists(os.path.join(path, "meta.json")):
        return _load_packed(path, resolution)
    return _load_folder(path, resolution)


def _load_packed(path, resolution):
    with open(os.path.join(path, "meta.json")) as f:
        meta = json.load(f)
    r = meta["resolution"]
    with open(os.path.join(path, "pixels.bin"), "rb") as f:
        pixels = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8).reshape(meta["count"], r, r, 3)
    labels = meta["labels"]
    if isinstance(labels, dict):
        labels = [c for c, n in labels["runs"] for _ in range(n)]
    return _resize(pixels, resolution), torch.tensor(labels, dtype=torch.int64), meta["classNames"], meta["name"]


def _decode(file):
    try:
        from torchvision.io import ImageReadMode, read_image
        return read_image(file, ImageReadMode.RGB).permute(1, 2, 0)
    except ImportError:
        pass
    try:
        import numpy as np
        from PIL import Image
    except ImportError as e:
        raise SystemExit("Reading an image folder needs torchvision or Pillow (pip install pillow); "
                         "a packed folder (meta.json + pixels.bin) needs neither.") from e
    with Image.open(file) as im:
        return torch.from_numpy(np.asarray(im.convert("RGB")).copy())


def _square(image, resolution):
    """Centre crop to a square, bilinear resize to `resolution`: uint8 [H, W, 3] -> [R, R, 3]."""
    h, w = image.shape[:2]
    side = min(h, w)
    top, left = (h - side) // 2, (w - side) // 2
    return _resize(image[top:top + side, left:left + side][None], resolution)[0]


def _resize(pixels, resolution):
    if pixels.shape[1] == resolution:
        return pixels
    x = pixels.permute(0, 3, 1, 2).float()
    x = F.interpolate(x, size=(resolution, resolution), mode="bilinear", align_corners=False, antialias=pixels.shape[1] > resolution)
    return x.round().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1).contiguous()


def _load_folder(path, resolution):
    classes = sorted(d for d in os.listdir(path) if os.path.isdir(os.path.join(path, d)))
    files = [(os.path.join(path, f), -1) for f in sorted(os.listdir(path)) if f.lower().endswith(IMAGE_EXTENSIONS)]
    for c, name in enumerate(classes):
        folder = os.path.join(path, name)
        files += [(os.path.join(folder, f), c) for f in sorted(os.listdir(folder)) if f.lower().endswith(IMAGE_EXTENSIONS)]
    if not files:
        raise SystemExit(f"{path} holds no images ({', '.join(IMAGE_EXTENSIONS)}) and no meta.json")
    pixels = torch.stack([_square(_decode(f), resolution) for f, _ in files])
    return pixels, torch.tensor([c for _, c in files]), classes, os.path.basename(os.path.normpath(path))


def _lab_name(i, name):
    """The lab's name of the i-th parameter: encoder.stages.0.conv.weight -> encoder/conv0/kernel; the rest head/<i>."""
    parts = name.split(".")
    if parts[0] != "encoder":
        return f"head/{i}"
    layer = {"conv": "conv", "norm": "norm"}[parts[3]]
    kind = {("conv", "weight"): "kernel", ("conv", "bias"): "bias", ("norm", "weight"): "gamma", ("norm", "bias"): "beta"}[(layer, parts[4])]
    return f"encoder/{layer}{parts[2]}/{kind}"


def _to_lab(t):
    """PyTorch layout -> TensorFlow.js: conv OIHW -> HWIO, dense [out, in] -> [in, out]."""
    return t.permute(2, 3, 1, 0) if t.dim() == 4 else t.t() if t.dim() == 2 else t


def _from_lab(t):
    return t.permute(3, 2, 0, 1) if t.dim() == 4 else t.t() if t.dim() == 2 else t


def lab_weights(model):
    """The model's weights as the lab's checkpoint lists them, [(name, tensor in TensorFlow.js layout)]: the lab's
    variables and these modules' parameters come in the same order (encoder stages, then the head's layers)."""
    return [(_lab_name(i, n), _to_lab(p.detach().float().cpu()).contiguous()) for i, (n, p) in enumerate(model.named_parameters())]


def load_lab_weights(model, path):
    """Set the model's parameters from a lab checkpoint in safetensors (weights.safetensors: `order` lists its names)."""
    tensors, metadata = read_safetensors(path)
    order = json.loads(metadata["order"])
    params = list(model.parameters())
    if len(order) != len(params):
        raise SystemExit(f"{path} holds {len(order)} weights, the {model.__class__.__name__} model has {len(params)}")
    with torch.no_grad():
        for name, p in zip(order, params):
            t = _from_lab(tensors[name])
            if t.shape != p.shape:
                raise SystemExit(f"{path}: {name} has shape {list(t.shape)}, the model expects {list(p.shape)}")
            p.copy_(t)


def write_run_zip(path, experiment, model, curves, dataset, elapsed_ms, name):
    """The lab's run format (src/storage/runZip.ts): one folder with config.json, curves, metrics and the weights."""
    config = experiment["config"]
    step = curves[-1]["step"] if curves else 0
    last = curves[-1] if curves else {"loss": None, "metrics": {}}
    run_id = name
    status = {
        "id": run_id, "method": experiment["method"], "config": config, "state": "done", "step": step, "steps": config["steps"],
        "loss": last["loss"], "metrics": last["metrics"], "imagesPerSec": dataset["imagesPerSec"], "startedAt": None, "elapsedMs": elapsed_ms,
    }
    weights = lab_weights(model)
    manifest = [{"paths": ["weights.bin"], "weights": [{"name": n, "shape": list(t.shape), "dtype": "float32"} for n, t in weights]}]
    model_json = {"format": "pretext-encoder", "generatedBy": "Pretext PyTorch export", "convertedBy": None, "modelTopology": None,
                  "weightsManifest": manifest, "userDefinedMetadata": {"method": experiment["method"], "runId": run_id, "step": step}}
    record = {"format": "pretext-run", "version": 1, "id": run_id, "name": name, "method": experiment["method"], "seed": config["seed"],
              "config": config, "status": status, "dataset": {"name": dataset["name"], "images": dataset["images"], "resolution": config["resolution"]},
              "checkpointStep": step, "savedAt": 0}
    metric_names = sorted({k for p in curves for k in p["metrics"]})
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["step", "loss", "lr", *metric_names])
    for p in curves:
        writer.writerow([p["step"], p["loss"], p["lr"], *(p["metrics"].get(n, "") for n in metric_names)])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{run_id}/config.json", json.dumps(record, indent=1))
        z.writestr(f"{run_id}/metrics.csv", table.getvalue())
        z.writestr(f"{run_id}/curves.json", json.dumps(curves))
        z.writestr(f"{run_id}/evaluation.json", "[]")
        z.writestr(f"{run_id}/model.json", json.dumps(model_json, indent=1))
        z.writestr(f"{run_id}/weights.bin", b"".join(t.numpy().astype("<f4").tobytes() for _, t in weights))
