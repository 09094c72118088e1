"""The reference network in PyTorch on the CPU, for `npm run bench` (bench-only: Debian's python3-torch).

Prints one JSON line: images/s of SGD training, batch 32, after warm-up, at the given thread count.
Same network as bench/referenceNet.ts: conv3x3 16 ReLU, maxpool 2, conv 32 ReLU, maxpool 2, conv 64 ReLU,
global average pool, dense 4.
"""
import argparse
import json
import time

import torch
from torch import nn


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--min-steps", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    net = nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 4),
    )
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    images, labels = torch.rand(512, 3, 32, 32), torch.randint(0, 4, (512,))
    batch, k = 32, 0

    def step() -> float:
        nonlocal k
        i = (k * batch) % len(images)
        k += 1
        opt.zero_grad(set_to_none=True)
        loss = nn.functional.cross_entropy(net(images[i:i + batch]), labels[i:i + batch])
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    t0, steps = time.perf_counter(), 0
    while steps < a.min_steps or time.perf_counter() - t0 < a.seconds:
        step()
        steps += 1
    seconds = time.perf_counter() - t0
    print(json.dumps({"threads": torch.get_num_threads(), "steps": steps, "seconds": seconds,
                      "images_per_sec": steps * batch / seconds, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
