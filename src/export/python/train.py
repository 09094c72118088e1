"""Train this Pretext experiment with PyTorch, on one process or many (DistributedDataParallel).

    python3 train.py --data DIR --steps 500 --out out
    torchrun --nproc_per_node=4 train.py --data DIR --steps 500 --out out

NCCL on GPUs, gloo on CPUs; mixed precision (float16 autocast) on a GPU. Each process draws --batch-size images per step,
so the global batch is --batch-size x processes. Writes OUT/checkpoint.safetensors every checkpointEvery steps and
OUT/run.zip at the end: import it in the lab (Runs -> Import) to probe, visualise and compare it.
"""
import argparse
import json
import math
import os
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

import pretext_methods
from pretext_model import write_safetensors
from pretext_run import load_images, load_lab_weights, write_run_zip

HERE = os.path.dirname(os.path.abspath(__file__))


def learning_rate(step, cfg, steps):
    """Linear warm-up to the peak, then cosine decay to minLrFraction x peak (src/core/train/schedule.ts)."""
    peak, warmup = cfg["learningRate"], cfg["warmupSteps"]
    if step < warmup:
        return peak * (step + 1) / warmup
    t = min(1.0, (step - warmup) / max(1, steps - warmup))
    floor = peak * cfg["minLrFraction"]
    return floor + (peak - floor) * 0.5 * (1 + math.cos(math.pi * t))


def arguments(cfg):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="meta.json + pixels.bin, or one sub-folder of images per class")
    p.add_argument("--steps", type=int, default=cfg["steps"], help=f"optimizer steps (recipe: {cfg['steps']})")
    p.add_argument("--out", default="out", help="folder for checkpoint.safetensors and run.zip")
    p.add_argument("--batch-size", type=int, default=cfg["batchSize"], help=f"images per process per step (recipe: {cfg['batchSize']})")
    p.add_argument("--seed", type=int, default=cfg["seed"], help=f"seed (recipe: {cfg['seed']})")
    p.add_argument("--init", help="start from these weights (weights.safetensors: the browser run's last checkpoint)")
    p.add_argument("--name", help="the run's name in the lab (default: the browser run's id + '-torch')")
    return p.parse_args()


def setup():
    """(rank, world size, device) from torchrun's environment; one process without it."""
    if "WORLD_SIZE" not in os.environ:
        return 0, 1, torch.device("cuda" if torch.cuda.is_available() else "cpu")
    cuda = torch.cuda.is_available()
    dist.init_process_group("nccl" if cuda else "gloo")
    local = int(os.environ.get("LOCAL_RANK", 0))
    if cuda:
        torch.cuda.set_device(local)
    return dist.get_rank(), dist.get_world_size(), torch.device(f"cuda:{local}" if cuda else "cpu")


def mean_over_processes(values, world):
    if world > 1:
        dist.all_reduce(values)
        values /= world
    return values


def main():
    with open(os.path.join(HERE, "experiment.json")) as f:
        experiment = json.load(f)
    cfg = experiment["config"]
    args = arguments(cfg)
    rank, world, device = setup()
    torch.manual_seed(args.seed)  # the same initial weights in every process
    model = pretext_methods.create(experiment)
    if args.init:
        load_lab_weights(model, args.init)
    model.to(device)
    pixels, labels, _, data_name = load_images(args.data, cfg["resolution"])
    pool = torch.nonzero(labels >= 0).flatten() if experiment["method"] == "supervised" else torch.arange(len(labels))
    trained = DistributedDataParallel(model, device_ids=[device.index] if device.type == "cuda" else None) if world > 1 else model
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg["learningRate"], betas=(0.9, 0.999), eps=1e-8)
    decayed = [p for p in model.parameters() if p.dim() >= 2]  # decoupled weight decay on kernels only
    amp = device.type == "cuda"
    scaler = (torch.amp.GradScaler if hasattr(torch.amp, "GradScaler") else torch.cuda.amp.GradScaler)(enabled=amp)  # torch 2.3+ / 1.13
    sampler = torch.Generator().manual_seed(args.seed * 1000 + rank)  # each process its own batches
    rng = pretext_methods.Rng(args.seed + 7919 * rank)  # augmentations: the lab's generator
    os.makedirs(args.out, exist_ok=True)
    curves, started = [], time.time()
    for step in range(args.steps):
        lr = learning_rate(step, cfg, args.steps)
        for group in optimizer.param_groups:
            group["lr"] = lr
        idx = pool[torch.randint(len(pool), (args.batch_size,), generator=sampler)]
        images = (pixels[idx].permute(0, 3, 1, 2).float() / 255).to(device)
        with torch.autocast(device_type="cuda", dtype=torch.float16, enabled=amp):
            loss, metrics = trained(images, labels[idx].to(device), rng)
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        with torch.no_grad():
            for p in decayed:
                p.mul_(1 - lr * cfg["weightDecay"])
        names = sorted(metrics)
        values = mean_over_processes(torch.stack([loss.detach().float(), *(metrics[n].detach().float() for n in names)]), world).tolist()
        curves.append({"step": step + 1, "loss": values[0], "lr": lr, "metrics": dict(zip(names, values[1:]))})
        if rank == 0 and ((step + 1) % cfg["checkpointEvery"] == 0 or step + 1 == args.steps):
            write_safetensors(os.path.join(args.out, "checkpoint.safetensors"), model.state_dict(), {"step": str(step + 1)})
            print(f"step {step + 1}/{args.steps} loss {values[0]:.4f}", flush=True)
    if rank == 0:
        elapsed = time.time() - started
        dataset = {"name": data_name, "images": len(labels), "imagesPerSec": args.steps * args.batch_size * world / max(elapsed, 1e-9)}
        name = args.name or f"{experiment['runId']}-torch"
        done = {**cfg, "steps": args.steps, "batchSize": args.batch_size * world, "seed": args.seed}  # what this run did
        write_run_zip(os.path.join(args.out, "run.zip"), {**experiment, "config": done}, model, curves, dataset, elapsed * 1000, name)
        print(f"wrote {os.path.join(args.out, 'run.zip')}", flush=True)
    if world > 1:
        dist.barrier()  # every process leaves together: one that tore its group down while rank 0 still wrote the zip could hang gloo's shutdown
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
