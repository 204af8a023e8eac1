"""batchnorm-train-eval: batch statistics in training, running statistics in eval, and batch size 1."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlstudy.demos.result import DemoResult, raw_field
from dlstudy.demos.spec import DemoSpec, Param

if TYPE_CHECKING:
    import numpy as np
    from numpy.random import Generator
    from numpy.typing import NDArray

SPEC = DemoSpec(
    id="batchnorm-train-eval",
    title="Batch norm: train vs eval statistics",
    description="BatchNorm1d by hand vs torch: batch stats in train mode, momentum-averaged running stats in eval, "
                "and why batch size 1 fails.",
    topic="training",
    cards=("batch-norm",),
    params=(
        Param("batch", "int", 8, "training batch size (at least 2; batch size 1 is shown separately)", min=2, max=256),
        Param("features", "int", 3, "number of features (channels)", min=1, max=16),
        Param("steps", "int", 5, "training batches that update the running statistics", min=1, max=200),
        Param("momentum", "float", 0.1, "running = (1 - momentum)·running + momentum·batch statistic", min=0.0,
              max=1.0),
        Param("eps", "float", 1e-5, "added to the variance before the square root", min=1e-10, max=1.0),
        Param("gamma", "float", 1.5, "scale γ (same for every feature here)", min=-100.0, max=100.0),
        Param("beta", "float", 0.5, "shift β (same for every feature here)", min=-100.0, max=100.0),
        Param("data_mean", "float", 4.0, "mean of the input features", min=-1e3, max=1e3),
        Param("data_std", "float", 2.0, "standard deviation of the input features", min=1e-3, max=1e3),
    ),
    uses_torch=True,
    headline=(
        ("max |train − eval output|", "eval.max_abs_train_vs_eval"),
        ("weight left on the initial stats", "running.init_weight"),
        ("running mean of feature 0", "running.final_mean[0]"),
        ("torch rejects batch size 1", "batch_one.torch_raises"),
    ),
)


@dataclass
class BatchNormResult(DemoResult):
    batch: int = 0
    features: int = 0
    steps: int = 0
    momentum: float = 0.0
    eps: float = 0.0
    gamma: float = 0.0
    beta: float = 0.0
    train: dict = field(default_factory=dict)  # last training batch: batch mean/var, output, output mean/std per feature
    running: dict = field(default_factory=dict)  # running_mean / running_var after each step, init weight (1-m)^steps
    eval: dict = field(default_factory=dict)  # eval-mode output with running stats vs train-mode output of the same batch
    batch_one: dict = field(default_factory=dict)  # one sample in train mode: output = β, torch raises
    torch: dict = field(default_factory=dict)  # max |numpy - torch| for outputs and running stats
    lesson: str = ""
    # the training batches and the eval batch: for tests and scripts, not in --json
    inputs: dict[str, NDArray[np.float64]] = raw_field()


def _bn_train(x, gamma, beta, eps):
    import numpy as np

    mean = x.mean(axis=0)
    var = x.var(axis=0)  # biased: divides by the batch size
    return gamma * (x - mean) / np.sqrt(var + eps) + beta, mean, var


def run(params: dict[str, Any], rng: Generator) -> BatchNormResult:
    import numpy as np

    n, f, steps = int(params["batch"]), int(params["features"]), int(params["steps"])
    m, eps = float(params["momentum"]), float(params["eps"])
    gamma, beta = float(params["gamma"]), float(params["beta"])
    mu, sd = float(params["data_mean"]), float(params["data_std"])

    batches = rng.normal(mu, sd, size=(steps, n, f))
    eval_batch = rng.normal(mu, sd, size=(n, f))

    # numpy implementation
    running_mean = np.zeros(f)
    running_var = np.ones(f)
    history_mean, history_var = [], []
    out = mean = var = None
    for x in batches:
        out, mean, var = _bn_train(x, gamma, beta, eps)
        unbiased = var * n / (n - 1)  # running variance uses the unbiased estimate
        running_mean = (1 - m) * running_mean + m * mean
        running_var = (1 - m) * running_var + m * unbiased
        history_mean.append(running_mean.copy())
        history_var.append(running_var.copy())
    assert out is not None and mean is not None and var is not None  # steps >= 1 (its Param's bound)
    eval_out = gamma * (eval_batch - running_mean) / np.sqrt(running_var + eps) + beta
    eval_as_train, _, _ = _bn_train(eval_batch, gamma, beta, eps)

    one = batches[0][:1]
    one_out, one_mean, one_var = _bn_train(one, gamma, beta, eps)

    # torch's BatchNorm1d on the same data
    import torch

    bn = torch.nn.BatchNorm1d(f, eps=eps, momentum=m, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.fill_(gamma)
        bn.bias.fill_(beta)
        bn.train()
        t_out = None
        for x in batches:
            t_out = bn(torch.from_numpy(x))
        bn.eval()
        t_eval = bn(torch.from_numpy(eval_batch))
        assert t_out is not None  # steps >= 1
        assert bn.running_mean is not None and bn.running_var is not None  # track_running_stats (the default)
        t_rm, t_rv = bn.running_mean.numpy().copy(), bn.running_var.numpy().copy()
        bn.train()
        try:
            bn(torch.from_numpy(one))
            torch_error = ""
        except (ValueError, RuntimeError) as exc:
            torch_error = str(exc)
        t_one_eval = bn.eval()(torch.from_numpy(one)).numpy()

    return BatchNormResult(
        batch=n, features=f, steps=steps, momentum=m, eps=eps, gamma=gamma, beta=beta,
        train={
            "batch_mean": mean, "batch_var": var, "output": out,
            "output_mean": out.mean(axis=0), "output_std": out.std(axis=0),
        },
        running={
            "mean": history_mean, "var": history_var,
            "final_mean": running_mean, "final_var": running_var,
            "init_weight": (1 - m) ** steps,  # share of the initial value (0 or 1) still in the running stats
        },
        eval={
            "output": eval_out,
            "output_mean": eval_out.mean(axis=0),
            "train_mode_output": eval_as_train,
            "max_abs_train_vs_eval": float(np.max(np.abs(eval_out - eval_as_train))),
        },
        batch_one={
            "input": one[0], "batch_var": one_var, "output": one_out[0],
            "output_equals_beta": bool(np.all(one_out == beta)),
            "torch_raises": bool(torch_error), "torch_error": torch_error,
            "eval_mode_output": t_one_eval[0],  # eval mode is fine with one sample: it uses running stats
        },
        torch={
            "train_output_max_abs_diff": float(np.max(np.abs(t_out.numpy() - out))),
            "eval_output_max_abs_diff": float(np.max(np.abs(t_eval.numpy() - eval_out))),
            "running_mean_max_abs_diff": float(np.max(np.abs(t_rm - running_mean))),
            "running_var_max_abs_diff": float(np.max(np.abs(t_rv - running_var))),
            "running_mean": t_rm, "running_var": t_rv,
        },
        lesson="Train mode normalizes with the current batch (biased variance) and nudges the running statistics by "
               "the momentum (unbiased variance); eval mode uses only the running statistics, so the output no longer "
               "depends on the other samples. A single sample has zero batch variance, so train mode would output β.",
        inputs={"batches": batches, "eval_batch": eval_batch},
    )
