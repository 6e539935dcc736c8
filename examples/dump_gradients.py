"""Dump per-task gradients of a PyTorch model for Concord.

Each task's loss is differentiated with respect to the SHARED parameters only (the ones every
task pulls on); the K flattened gradients are stacked into a K x d array and written as .npy
(float32) and as .safetensors (one tensor per task, named after it). Drop either file on Concord.

    python3 dump_gradients.py            # writes gradients.npy and gradients.safetensors
"""
import numpy as np
import torch
from safetensors.torch import save_file

torch.manual_seed(0)

# A small multi-task model: a shared trunk and one head per task.
tasks = ["depth", "normals", "segmentation", "edges"]
trunk = torch.nn.Sequential(torch.nn.Linear(32, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64))
heads = torch.nn.ModuleDict({t: torch.nn.Linear(64, 1) for t in tasks})

x = torch.randn(128, 32)
targets = {t: torch.randn(128, 1) for t in tasks}

shared = [p for p in trunk.parameters() if p.requires_grad]
features = trunk(x)
rows = []
for t in tasks:
    loss = torch.nn.functional.mse_loss(heads[t](features), targets[t])
    # retain_graph: the trunk's graph is reused by every task's loss.
    grads = torch.autograd.grad(loss, shared, retain_graph=True)
    rows.append(torch.cat([g.reshape(-1) for g in grads]).detach())

G = torch.stack(rows)  # K x d
np.save("gradients.npy", G.numpy().astype(np.float32))
save_file({t: r.contiguous() for t, r in zip(tasks, rows)}, "gradients.safetensors",
          metadata={"tasks": str(tasks).replace("'", '"')})
print(f"wrote {G.shape[0]} tasks x {G.shape[1]} parameters")
