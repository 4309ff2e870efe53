"""Discrete-time tanh RNN teachers as the repository draws them (torch.nn.RNN(1, m, tanh) + Linear(m, 1)).

Model (radarFudan/Curse-of-memory components/filter/datagen.py, spec 6.7), scalar input and output:

    h_k = tanh(W h_{k-1} + u x_k + b),   h_{-1} = 0,   y_k = c^T h_k + c0,

with every weight drawn U(-1/sqrt(m), 1/sqrt(m)) (PyTorch's default; b is the sum of torch's two
biases b_ih + b_hh) and W scaled by ``gain`` (gain = 1 is the repository; larger gains give
teachers whose memory need not decay, App I). ``step_memory`` is the teacher's memory function
M(H - H(0))(k) = max_x |Delta_k (y(u^x) - y(0))| / |x| over a grid of step levels (spec 2.2; the
zero-input response is subtracted, the WLOG H_t(0) = 0 of spec 1.1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .finite import check_finite
from .validation import checked_size, finite_array, finite_scalar

__all__ = ["TanhTeacher", "random_tanh_teacher", "teacher_outputs", "teacher_step_memory"]


@dataclass(frozen=True)
class TanhTeacher:
    """Weights of one tanh RNN teacher: W (m, m), u, b, c (m,), c0 ()."""

    W: np.ndarray
    u: np.ndarray
    b: np.ndarray
    c: np.ndarray
    c0: np.ndarray

    def __post_init__(self) -> None:
        for name in ("W", "u", "b", "c", "c0"):
            object.__setattr__(self, name, finite_array(getattr(self, name), name))
        m = self.u.shape
        if len(m) != 1 or self.W.shape != m * 2 or self.b.shape != m or self.c.shape != m or self.c0.shape != ():
            raise ValueError(f"W, u, b, c, c0 must have shapes (m, m), (m,), (m,), (m,), (); got "
                             f"{[getattr(self, k).shape for k in ('W', 'u', 'b', 'c', 'c0')]}")


def random_tanh_teacher(m: int, rng: np.random.Generator, gain: float = 1.0) -> TanhTeacher:
    """PyTorch's default initialisation U(-1/sqrt(m), 1/sqrt(m)) of every tensor, W scaled by gain."""
    m = checked_size(m, "m")
    gain = finite_scalar(gain, "gain", positive=True)
    k = 1.0 / np.sqrt(m)
    draw = lambda *shape: rng.uniform(-k, k, shape)
    return TanhTeacher(gain * draw(m, m), draw(m), draw(m) + draw(m), draw(m), np.asarray(rng.uniform(-k, k)))


def teacher_outputs(teacher: TanhTeacher, x: np.ndarray) -> np.ndarray:
    """y_k for input sequences x (N, T): (N, T)."""
    x = finite_array(x, "x")
    if x.ndim != 2:
        raise ValueError(f"x must have shape (N, T), got {x.shape}")
    h = np.zeros((x.shape[0], teacher.u.size))
    y = np.empty(x.shape)
    for k in range(x.shape[1]):
        h = np.tanh(h @ teacher.W.T + x[:, k, None] * teacher.u + teacher.b)
        check_finite(h, where="teacher hidden state h", step=k)
        y[:, k] = h @ teacher.c + teacher.c0
    return y


def teacher_step_memory(teacher: TanhTeacher, levels: np.ndarray, steps: int) -> np.ndarray:
    """max_b |Delta_k (y_k(u^{x_b}) - y_k(0))| / |x_b| for levels (B,) != 0, k = 0..steps-1: (steps,)."""
    levels = finite_array(levels, "levels", ndim=1)
    if np.any(levels == 0):
        raise ValueError("levels must be nonzero: the memory function divides by |x|")
    steps = checked_size(steps, "steps")
    runs = teacher_outputs(teacher, np.concatenate([np.zeros((1, steps)), np.repeat(levels[:, None], steps, 1)]))
    response = runs[1:] - runs[:1]
    return np.max(np.abs(np.diff(response, axis=1, prepend=0.0)) / np.abs(levels)[:, None], axis=0)
