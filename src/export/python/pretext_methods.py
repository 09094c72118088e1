"""The lab's methods in PyTorch: heads, augmentations and losses, as src/core/methods/*.ts define them.

Each method is an nn.Module whose forward(images, labels, rng) takes a batch in [0, 1], [B, 3, R, R], augments it
with the lab's random generator (the same draws, in the same order, as the app) and returns (loss, metrics).
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

from pretext_model import NORM_EPS, Encoder, Stage, scale

LUMA = (0.299, 0.587, 0.114)


class Rng:
    """The lab's seeded generator (mulberry32, src/core/rng.ts): the same seed gives the app's augmentations."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFF

    def next(self):
        """Uniform float in [0, 1)."""
        self.state = (self.state + 0x6D2B79F5) & 0xFFFFFFFF
        t = self.state
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296

    def seed(self):
        return int(self.next() * 0x7FFFFFFF)


def _imul(a, b):
    return (a * b) & 0xFFFFFFFF


class MlpHead(nn.Module):
    """dense -> ReLU -> ... -> dense; dims = [in, hidden..., out]."""

    def __init__(self, dims):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(F.relu(x) if i > 0 else x)
        return x


def he_normal_(module):
    """The lab's initialisation: He-normal kernels (fan-in), zero biases; group norm 1 and 0."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            fan_in = m.weight[0].numel()
            nn.init.normal_(m.weight, 0.0, math.sqrt(2.0 / fan_in))
            if m.bias is not None:
                nn.init.zeros_(m.bias)


def random_resized_crop(x, rng, min_scale, flip, size=None, max_scale=1.0):
    """Random crops of area in [min_scale, max_scale], aspect in [3/4, 4/3], resized bilinearly to `size`, half mirrored."""
    boxes = []
    for _ in range(x.shape[0]):
        area = min_scale + (max_scale - min_scale) * rng.next()
        aspect = math.exp(math.log(3 / 4) + math.log(16 / 9) * rng.next())
        bw, bh = min(1.0, math.sqrt(area * aspect)), min(1.0, math.sqrt(area / aspect))
        x0, y0 = (1 - bw) * rng.next(), (1 - bh) * rng.next()
        mirror = flip and rng.next() < 0.5
        boxes.append([y0, x0 + bw if mirror else x0, y0 + bh, x0 if mirror else x0 + bw])
    return crop_boxes(x, torch.tensor(boxes, dtype=torch.float64), size or x.shape[2])


def crop_boxes(x, boxes, size):
    """tf.image.cropAndResize: boxes [B, 4] (y0, x0, y1, x1 in [0, 1], x1 < x0 mirrors) -> [B, C, size, size]."""
    y0, x0, y1, x1 = boxes.to(x.device, x.dtype).unbind(1)
    zero = torch.zeros_like(x0)
    theta = torch.stack([torch.stack([x1 - x0, zero, x0 + x1 - 1], 1), torch.stack([zero, y1 - y0, y0 + y1 - 1], 1)], 1)
    grid = F.affine_grid(theta, [x.shape[0], x.shape[1], size, size], align_corners=True)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=True)


def crop_and_flip(x, rng, min_crop):
    return random_resized_crop(x, rng, min_crop, True) if min_crop < 1 else x


def _saturation(s):
    luma = torch.tensor(LUMA).view(3, 1).expand(3, 3)
    return (1 - s) * luma + s * torch.eye(3)


def _hue(angle):
    c, s, t = math.cos(angle), math.sin(angle), 1 / 3
    r = math.sqrt(t)
    m = torch.tensor([
        [c + (1 - c) * t, (1 - c) * t - r * s, (1 - c) * t + r * s],
        [(1 - c) * t + r * s, c + (1 - c) * t, (1 - c) * t - r * s],
        [(1 - c) * t - r * s, (1 - c) * t + r * s, c + (1 - c) * t],
    ])
    return m.t()


def color_distort(x, rng, strength, jitter_chance=0.8, gray_chance=0.2):
    """SimCLR's colour distortion as one affine colour map per image (see src/core/data/augment.ts)."""
    matrices, contrast = [], []
    around = lambda amount: 1 + amount * (2 * rng.next() - 1)  # noqa: E731
    for _ in range(x.shape[0]):
        m, c = torch.eye(3), 1.0
        if rng.next() < jitter_chance:
            bright = around(0.8 * strength)
            m = _saturation(around(0.8 * strength)) @ _hue(2 * math.pi * 0.2 * strength * (2 * rng.next() - 1)) @ (torch.eye(3) * bright)
            c = around(0.8 * strength)
        if rng.next() < gray_chance:
            m = m @ _saturation(0.0)
        matrices.append(m)
        contrast.append(c)
    return apply_colour(x, torch.stack(matrices), torch.tensor(contrast))


def apply_colour(x, matrices, contrast):
    """rgb' = c * (rgb . M) + (1 - c) * luma-mean(rgb . M), clipped to [0, 1]; matrices [B, 3, 3], contrast [B]."""
    pixels = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1, 3)
    mapped = pixels @ matrices.to(x)
    grey = (mapped.mean(dim=1, keepdim=True) * torch.tensor(LUMA).to(x)).sum(dim=2, keepdim=True)
    c = contrast.to(x).view(-1, 1, 1)
    out = (mapped * c + grey * (1 - c)).clamp(0, 1)
    return out.reshape(x.shape[0], x.shape[2], x.shape[3], 3).permute(0, 3, 1, 2)


def accuracy(logits, labels):
    return (logits.argmax(dim=1) == labels).float().mean()


def nt_xent(a, b, temperature):
    """NT-Xent: rows i of a and b embed two views of one image; each of the 2n picks its partner among the other 2n - 1."""
    n = a.shape[0]
    z = torch.cat([a, b])
    z = z / z.norm(dim=1, keepdim=True).clamp(min=1e-8)
    partners = (torch.arange(2 * n, device=z.device) + n) % (2 * n)
    scores = z @ z.t() / temperature - torch.eye(2 * n, device=z.device) * 1e4
    return F.cross_entropy(scores, partners), accuracy(scores, partners)


class Method(nn.Module):
    """The encoder and a head; `param(key)` reads the run's method settings with the lab's defaults."""

    def __init__(self, experiment):
        super().__init__()
        self.experiment = experiment
        self.config = experiment["config"]
        self.encoder = Encoder(experiment["architecture"])

    def param(self, key):
        return self.config["params"].get(key, self.experiment["paramDefaults"][key])

    def embed(self, x):
        return self.head(self.encoder.pooled(scale(x, "centred")))


class Rotation(Method):
    """Predict which of 0/90/180/270 degrees each crop was turned by (label-smoothed cross-entropy)."""

    def __init__(self, experiment):
        super().__init__(experiment)
        self.head = MlpHead([self.encoder.feature_dim, 4])

    def forward(self, images, labels, rng):
        return self.loss_of_views(crop_and_flip(images, rng, self.param("minCrop")))

    def loss_of_views(self, x):
        b = x.shape[0]
        rotated = torch.cat([torch.rot90(x, k, dims=(2, 3)) for k in range(4)])
        labels = torch.arange(4, device=x.device).repeat_interleave(b)
        logits = self.embed(rotated)
        smoothing = self.param("labelSmoothing")
        targets = F.one_hot(labels, 4).float() * (1 - smoothing) + smoothing / 4
        loss = -(targets * F.log_softmax(logits.float(), dim=1)).sum(dim=1).mean()
        return loss, {"accuracy": accuracy(logits, labels)}


class SimCLR(Method):
    """Two augmented views per image; NT-Xent on the projection head's output."""

    def __init__(self, experiment):
        super().__init__(experiment)
        d = self.encoder.feature_dim
        self.head = MlpHead([d, d, self.param("projection")])

    def forward(self, images, labels, rng):
        size = round(self.param("viewSize") * self.config["resolution"] / 32)
        crop = lambda: random_resized_crop(images, rng, self.param("minScale"), True, size)  # noqa: E731
        views = [color_distort(crop(), rng, self.param("colorStrength")) for _ in range(2)]
        return self.loss_of_views(torch.cat(views))

    def loss_of_views(self, views):
        z = self.embed(views).float()
        b = z.shape[0] // 2
        loss, acc = nt_xent(z[:b], z[b:], self.param("temperature"))
        return loss, {"accuracy": acc}


class Supervised(Method):
    """Cross-entropy on the labels (unlabelled rows, -1, add nothing)."""

    def __init__(self, experiment):
        super().__init__(experiment)
        self.head = MlpHead([self.encoder.feature_dim, len(experiment["classNames"])])

    def forward(self, images, labels, rng):
        return self.loss_of_views(images, labels)

    def loss_of_views(self, x, labels):
        logits = self.embed(x).float()
        labelled = labels >= 0
        loss = F.cross_entropy(logits, labels.clamp(min=0), reduction="none")
        count = labelled.sum().clamp(min=1)
        hits = ((logits.argmax(dim=1) == labels) & labelled).sum()
        return (loss * labelled).sum() / count, {"accuracy": hits.float() / count}


def random_grayscale(x, p, rng):
    """Per image, with probability p, RGB replaced by its channel mean."""
    mask = torch.tensor([1.0 if rng.next() < p else 0.0 for _ in range(x.shape[0])]).to(x).view(-1, 1, 1, 1)
    return x * (1 - mask) + x.mean(dim=1, keepdim=True) * mask


def color_jitter(x, strength, rng):
    """Per image and channel, values scaled by 1 +- strength (uniform), clipped to [0, 1]."""
    n, c = x.shape[:2]
    scale = torch.tensor([1 + strength * (2 * rng.next() - 1) for _ in range(n * c)]).to(x).view(n, c, 1, 1)
    return (x * scale).clamp(0, 1)


def jigsaw_tiles(x, orders, layout, rng):
    """Slot k of image b: the tile of cell orders[b][k] at a random offset inside it, [B * grid^2, C, tile, tile]."""
    grid, cell, tile = layout["grid"], layout["cell"], layout["tile"]
    slack = cell - tile
    tiles = []
    for b, order in enumerate(orders):
        for source in order:
            y0 = (source // grid) * cell + int(rng.next() * (slack + 1))
            x0 = (source % grid) * cell + int(rng.next() * (slack + 1))
            tiles.append(x[b, :, y0:y0 + tile, x0:x0 + tile])
    return torch.stack(tiles)


def block_mask(batch, resolution, block, ratio, rng):
    """1 for each block x block square hidden with probability `ratio`, else 0: [B, 1, R, R] (transforms.ts' blockMask)."""
    nb = -(-resolution // block)
    bits = torch.tensor([1.0 if rng.next() < ratio else 0.0 for _ in range(batch * nb * nb)]).view(batch, 1, nb, nb)
    return bits.repeat_interleave(block, dim=2).repeat_interleave(block, dim=3)[:, :, :resolution, :resolution]


class ConvDecoder(nn.Module):
    """The encoder's mirror (heads.ts' ConvDecoder): 1x1 conv to the bottleneck + ReLU, then per stage nearest
    upsampling + conv3x3 + group norm + ReLU, then conv3x3 -> 3 -> sigmoid. Parameters in the lab's order."""

    def __init__(self, architecture, bottleneck):
        super().__init__()
        stages = architecture["stages"]
        sizes = [architecture["resolution"]]
        for s in stages[1:]:
            sizes.append(sizes[-1] // 2 if s["pool"] else sizes[-1])
        self.squeeze = nn.Conv2d(stages[-1]["channels"], bottleneck, 1)
        ups, cin = [], bottleneck
        for s in range(len(stages) - 2, -1, -1):
            ups.append(Stage(cin, stages[s]["channels"], stages[s]["groups"], False))
            cin = stages[s]["channels"]
        self.ups = nn.ModuleList(ups)
        self.sizes = sizes[:-1][::-1]
        self.out = nn.Conv2d(cin, 3, 3, padding=1)

    def forward(self, h):
        h = F.relu(self.squeeze(h))
        for up, size in zip(self.ups, self.sizes):
            h = up(F.interpolate(h, size=(size, size), mode="nearest"))
        return torch.sigmoid(self.out(h))


class Autoencoder(Method):
    """Reconstruct the image (masked or noisy input) from the encoder's map; mean squared error. The input noise draws
    from torch's generator, not the lab's: only the masked and plain variants repeat the app's draws exactly."""

    MASK_BLOCK = 4

    def __init__(self, experiment):
        super().__init__(experiment)
        self.decoder = ConvDecoder(experiment["architecture"], self.param("bottleneck"))

    def forward(self, images, labels, rng):
        x = images
        ratio, noise = self.param("maskRatio"), self.param("noise")
        if ratio > 0:
            mask = block_mask(x.shape[0], x.shape[2], self.MASK_BLOCK, ratio, rng).to(x)
            x = x * (1 - mask) + mask * 0.5
        if noise > 0:
            x = x + torch.randn_like(x) * noise
        reconstruction = self.decoder(self.encoder.maps(scale(x, "centred"))[-1]).float()
        mse = ((images - reconstruction) ** 2).mean()
        return mse, {"psnr": -10 * torch.log10(mse.clamp(min=1e-10))}


RGB_TO_XYZ = ((0.4124564, 0.3575761, 0.1804375), (0.2126729, 0.7151522, 0.072175), (0.0193339, 0.119192, 0.9503041))
WHITE = (0.95047, 1.0, 1.08883)
LAB_EPS, LAB_SLOPE = (6 / 29) ** 3, 3 * (6 / 29) ** 2


def rgb_to_ab(x):
    """sRGB in [0, 1], [B, 3, H, W] -> CIE Lab's a and b (D65), [B, 2, H, W] (src/core/data/lab.ts)."""
    c = x.clamp(0, 1)
    linear = torch.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m = torch.tensor(RGB_TO_XYZ).to(x) / torch.tensor(WHITE).to(x).view(3, 1)
    t = torch.einsum("bchw,dc->bdhw", linear, m)
    f = torch.where(t > LAB_EPS, t.clamp(min=LAB_EPS) ** (1 / 3), t / LAB_SLOPE + 4 / 29)
    return torch.stack([500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], dim=1)


def greyscale(x):
    """Each pixel's luma in all three channels."""
    return (x * torch.tensor(LUMA).to(x).view(1, 3, 1, 1)).sum(dim=1, keepdim=True).expand_as(x)


def bin_distances(ab, centres):
    return (ab ** 2).sum(dim=1, keepdim=True) - 2 * ab @ centres.t() + (centres ** 2).sum(dim=1)[None]


def soft_encode(ab, centres, sigma=5.0, neighbours=5):
    """Each ab point [P, 2] as Gaussian weights on its 5 nearest bins, [P, Q]."""
    values, indices = torch.topk(-bin_distances(ab, centres), neighbours, dim=1)
    gauss = torch.exp((values - values[:, :1]) / (2 * sigma * sigma))
    return torch.zeros(ab.shape[0], centres.shape[0], device=ab.device).scatter(1, indices, gauss / gauss.sum(dim=1, keepdim=True))


class Colorization(Method):
    """Zhang et al. 2016 at small scale: from the grey image, predict per cell of the last map a distribution over
    the in-gamut ab bins (class-rebalanced cross-entropy), or ab itself (regression). The bins and the rebalancing
    weights (from the browser run's sample of the dataset) come from experiment.json's `state`."""

    AB_SCALE = 100

    def __init__(self, experiment):
        super().__init__(experiment)
        state = experiment["state"]
        self.mode = self.param("mode")
        self.map_size = state["mapSize"]
        self.register_buffer("centres", torch.tensor(state["centres"], dtype=torch.float32).view(-1, 2))
        self.register_buffer("weights", torch.tensor(state["weights"], dtype=torch.float32))
        self.head = nn.Conv2d(self.encoder.feature_dim, 2 if self.mode == "regression" else self.centres.shape[0], 1)

    def forward(self, images, labels, rng):
        x = crop_and_flip(images, rng, self.param("minCrop"))
        out = self.head(self.encoder.maps(scale(greyscale(x), "centred"))[-1]).float()
        out = out.permute(0, 2, 3, 1).reshape(-1, out.shape[1])
        ab = self.ab_targets(rgb_to_ab(x.float()))
        truth = bin_distances(ab, self.centres).argmin(dim=1)
        if self.mode == "regression":
            predicted = out * self.AB_SCALE
            loss = ((out - ab / self.AB_SCALE) ** 2).mean()
            hit = (bin_distances(predicted, self.centres).argmin(dim=1) == truth).float().mean()
        else:
            predicted = torch.softmax(out / 0.38, dim=1) @ self.centres  # the annealed mean
            per_row = -(soft_encode(ab, self.centres) * F.log_softmax(out, dim=1)).sum(dim=1)
            w = self.weights[truth]
            loss = (per_row * w).sum() / w.sum()
            hit = accuracy(out, truth)
        ab_error = ((predicted - ab) ** 2).sum(dim=1).sqrt().mean()
        return loss, {"accuracy": hit, "abError": ab_error}

    def ab_targets(self, ab):
        """ab [B, 2, R, R] averaged down to the prediction grid, [B * size * size, 2]."""
        f = ab.shape[2] / self.map_size
        if f != 1:
            ab = F.avg_pool2d(ab, int(f)) if f == int(f) else F.interpolate(ab, size=(self.map_size,) * 2, mode="bilinear", align_corners=False)
        return ab.permute(0, 2, 3, 1).reshape(-1, 2)


class Jigsaw(Method):
    """Which of the permutation set shuffled the tiles? The tiles share the encoder; their pooled features, joined in
    slot order, go to the head. The permutation set and tile layout come from the run (experiment.json's `state`)."""

    def __init__(self, experiment):
        super().__init__(experiment)
        self.permutations = experiment["state"]["permutations"]
        self.layout = experiment["state"]["layout"]
        self.slots = self.layout["grid"] ** 2
        d = self.encoder.feature_dim
        self.head = MlpHead([self.slots * d, max(64, 4 * d), len(self.permutations)])

    def forward(self, images, labels, rng):
        gray = random_grayscale(images, self.param("grayscale"), rng)
        targets = [int(rng.next() * len(self.permutations)) for _ in range(images.shape[0])]
        tiles = jigsaw_tiles(gray, [self.permutations[t] for t in targets], self.layout, rng)
        pooled = self.encoder.pooled(scale(color_jitter(tiles, self.param("colorJitter"), rng), "perImage"))
        logits = self.head(pooled.reshape(images.shape[0], -1)).float()
        target = torch.tensor(targets, device=logits.device)
        return F.cross_entropy(logits, target), {"accuracy": accuracy(logits, target)}


class ContextLayer(nn.Module):
    """A pre-activation residual block h <- h + conv(relu(layer norm(h))) whose 3x3 conv sees rows <= i only."""

    def __init__(self, dim):
        super().__init__()
        self.norm = nn.LayerNorm(dim, eps=NORM_EPS)
        self.conv = nn.Conv2d(dim, dim, 3)

    def forward(self, h):  # [B, G, G, D]
        x = F.relu(self.norm(h)).permute(0, 3, 1, 2)
        return h + self.conv(F.pad(x, (1, 1, 2, 0))).permute(0, 2, 3, 1)


class CPC(Method):
    """Patches on a grid share the encoder; a masked context network predicts the codes of the rows below (InfoNCE
    against every patch of the batch). Patch geometry from experiment.json's `state` (cpc.ts' cpcGeometry)."""

    CONTEXT_LAYERS = 2

    def __init__(self, experiment):
        super().__init__(experiment)
        g = experiment["state"]["geometry"]
        self.patch, self.stride, self.grid, self.offsets = g["patch"], g["stride"], g["grid"], g["maxOffset"]
        d = self.encoder.feature_dim
        self.context = nn.ModuleList(ContextLayer(d) for _ in range(self.CONTEXT_LAYERS))
        self.predictor = nn.Linear(d, self.offsets * d, bias=False)  # the K matrices W_k, stacked

    def forward(self, images, labels, rng):
        b, c, p, g = images.shape[0], images.shape[1], self.patch, self.grid
        patches = images.unfold(2, p, self.stride).unfold(3, p, self.stride)[:, :, :g, :g]
        patches = patches.permute(0, 2, 3, 1, 4, 5).reshape(-1, c, p, p)  # patch n = b * G * G + i * G + j
        if self.param("patchJitter") > 0:
            patches = color_distort(patches, rng, self.param("patchJitter"))
        z = self.encoder.pooled(scale(patches, "centred")).float()
        d = z.shape[1]
        h = z.view(b, g, g, d)
        for layer in self.context:
            h = layer(h)
        predicted = self.predictor(h.reshape(-1, d)).view(b, g, g, self.offsets * d)
        preds, positives = [], []
        for k in range(1, self.offsets + 1):
            preds.append(predicted[:, :g - k, :, (k - 1) * d:k * d].reshape(-1, d))
            positives += [(n * g + i + k) * g + j for n in range(b) for i in range(g - k) for j in range(g)]
        scores = torch.cat(preds) @ z.t()
        target = torch.tensor(positives, device=scores.device)
        return F.cross_entropy(scores, target), {"accuracy": accuracy(scores, target)}


METHODS = {"rotation": Rotation, "simclr": SimCLR, "supervised": Supervised, "autoencoder": Autoencoder, "jigsaw": Jigsaw, "colorization": Colorization, "cpc": CPC}


def create(experiment):
    """The experiment's method with the lab's initialisation (call torch.manual_seed first for a given seed)."""
    method = experiment["method"]
    if method not in METHODS:
        raise ValueError(f"method {method!r} has no PyTorch port here; ported: {', '.join(METHODS)}")
    model = METHODS[method](experiment)
    he_normal_(model)
    return model
