"""Every public entry point of rnnbounds.numerics, fed bad input one argument at a time.

The walk discovers the entry points itself: every function and class named in a module's
``__all__`` (every module of the package must have one), and every public method of those classes.
Each needs a row in EXAMPLES (valid example arguments), so a new function makes this test fail
until it has one. From each row the walk perturbs one leaf argument at a time:

    nan / inf   one entry (or the scalar) set to NaN / +inf          -> ValueError naming the argument
    empty       a zero-length first axis, or a size argument set to 0 -> ValueError naming the argument
    float32     the argument cast to float32                          -> no error, every float output float64

and also casts all float arguments to float32 at once. A different outcome must be listed in
DOCUMENTED with the reason (the docstring states it) and a check of the documented result.
Error messages for input must not claim that "the simulation overflowed".
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
from typing import Any, Callable

import numpy as np
import pytest

import rnnbounds.numerics as numerics
from rnnbounds.numerics.activations import TANH, Activation
from rnnbounds.numerics.ctrnn import RNNWeights
from rnnbounds.numerics.diagonal_rnn import DiagonalParams
from rnnbounds.numerics.elman_rnn import ElmanParams, forward
from rnnbounds.numerics.exponential_fit import ExponentialFit
from rnnbounds.numerics.gd_training import train_recurrent
from rnnbounds.numerics.linear_rnn import LinearRNN
from rnnbounds.numerics.linear_rnn_fitting import train_linear_rnn
from rnnbounds.numerics.ntk_gram import readout_ntk_blocks
from rnnbounds.numerics.reparameterization import SOFTPLUS, Reparameterization
from rnnbounds.numerics.residual_orthogonal import ResidualOrthogonalRNN
from rnnbounds.numerics.residual_training import AdamSettings, ResidualDiagonalRNN
from rnnbounds.numerics.teacher_rnn import TanhTeacher
from rnnbounds.numerics.transport_teacher import TransportTeacher


class Build:
    """A dataclass argument given by its fields; built at call time, so a bad field is caught there."""

    def __init__(self, cls: type, **fields: Any):
        self.cls, self.fields = cls, fields


def _modules() -> list[Any]:
    names = [m.name for m in pkgutil.iter_modules(numerics.__path__)]
    return [importlib.import_module(f"rnnbounds.numerics.{name}") for name in sorted(names)]


def entry_points() -> list[str]:
    """'module.function', 'module.Class' and 'module.Class.method' for everything in each __all__."""
    found = []
    for module in _modules():
        short = module.__name__.rsplit(".", 1)[1]
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                found.append(f"{short}.{name}")
            elif inspect.isclass(obj):
                found.append(f"{short}.{name}")
                found += [f"{short}.{name}.{k}" for k, v in vars(obj).items()
                          if (not k.startswith("_") or k == "__call__")
                          and (inspect.isfunction(v) or isinstance(v, classmethod))]
    return found


# ---------------------------------------------------------------- example arguments

def rng() -> np.random.Generator:
    return np.random.default_rng(0)


def normal(*shape: int, seed: int = 1, scale: float = 1.0) -> np.ndarray:
    return scale * np.random.default_rng(seed).standard_normal(shape)


def diag_params(seed: int = 2) -> Build:
    return Build(DiagonalParams, w=normal(1, 2, seed=seed, scale=0.5), U=normal(1, 2, 2, seed=seed + 1),
                 c=np.array([[1.0, -1.0]]))


def elman(seed: int = 3) -> Build:
    return Build(ElmanParams, W=normal(1, 3, 3, seed=seed, scale=0.5), A=normal(1, 3, 2, seed=seed + 1),
                 b=normal(1, 3, seed=seed + 2))


def rnn_weights() -> Build:
    return Build(RNNWeights, W=normal(1, 2, 2, seed=4, scale=0.3) - np.eye(2), U=normal(1, 2, 1, seed=5),
                 b=normal(1, 2, seed=6, scale=0.1), c=normal(1, 2, seed=7))


def linear() -> Build:
    return Build(LinearRNN, W=np.array([[-1.0, 0.2], [0.0, -0.5]]), U=np.array([[1.0], [0.5]]), c=np.array([1.0, -1.0]))


def fit() -> Build:
    return Build(ExponentialFit, rates=np.array([0.5, 2.0]), coefficients=np.array([1.0, -0.5]), max_error=0.0)


def residual_model() -> Build:
    return Build(ResidualDiagonalRNN, w=np.array([0.3, -0.2]), u=np.array([0.5, 1.0]), b=np.array([0.1, 0.0]),
                 c=np.array([1.0, -0.5]), c0=np.array(0.1))


def teacher() -> Build:
    return Build(TransportTeacher, w=np.array([0.2, -0.4, 0.1]), U=normal(3, 2, seed=8), nu=1.0, act=TANH)


def orthogonal_model() -> Build:
    return Build(ResidualOrthogonalRNN, w=np.array([0.3, -0.2]), P=np.array([[0.6, -0.8], [0.8, 0.6]]),
                 u=np.array([0.5, 1.0]), b=np.array([0.1, 0.0]), c=np.array([1.0, -0.5]), c0=np.array(0.1))


def tanh_teacher() -> Build:
    return Build(TanhTeacher, W=normal(2, 2, seed=10, scale=0.5), u=np.array([0.5, -1.0]), b=np.array([0.1, 0.0]),
                 c=np.array([1.0, -0.5]), c0=np.array(0.1))


def build(value: Any) -> Any:
    if isinstance(value, Build):
        return value.cls(**{k: build(v) for k, v in value.fields.items()})
    if isinstance(value, dict):
        return {k: build(v) for k, v in value.items()}
    if isinstance(value, list):
        return [build(v) for v in value]
    if isinstance(value, tuple):
        return tuple(build(v) for v in value)
    return value


X = normal(2, 3, 2, seed=9)
T3 = np.array([0.0, 0.5, 1.0])


def squared(p: dict[str, np.ndarray]) -> np.ndarray:
    return np.sum(p["w"] ** 2, axis=1)


def squared_w(p: dict[str, np.ndarray]) -> float:
    return float(np.sum(p["w"] ** 2))


# a memory function 0.2^k on k = 0..11: falls below 1e-3 of its peak at k = 5, the tail window is [5, 12)
DECAY = 0.2 ** np.arange(12.0)
RHO = np.array([1.0, 0.6, 0.4])


def method(make: Callable[[], Any], name: str) -> Callable[..., Any]:
    return lambda **kw: getattr(build(make()), name)(**kw)


def elman_trace():
    return forward(build(elman()), X)


def training_run():
    return train_recurrent(build(elman()), X, np.array([0.5, -0.5]), steps=1, step_size=0.01)


def trained_linear():
    return train_linear_rnn(T3, RHO, m=2, rng=rng(), steps=1)


def ntk_blocks():
    return readout_ntk_blocks(build(elman()), X)["last"]


M = "rnnbounds.numerics."
RECORD = "record"  # a result record built by the toolkit: its fields are not inputs

EXAMPLES: dict[str, Any] = {
    "activations.Activation": lambda: (Activation, dict(name="t", value=np.tanh, derivative=np.tanh,
                                       second_derivative=np.tanh, lipschitz=1.0, curvature=1.0, value_bound=1.0)),
    "activations.Activation.__call__": lambda: (TANH, dict(z=np.array([0.5, -1.0]))),
    "activations.scaled_linear": lambda: ("activations.scaled_linear", dict(c_sigma=0.5)),
    "activations.activation": lambda: ("activations.activation", dict(name="tanh")),
    "bounded_inputs.bounded_sequences": lambda: ("bounded_inputs.bounded_sequences", dict(rng=rng(), n=2, T=3, d=2)),
    "bounded_inputs.constant_sequence": lambda: ("bounded_inputs.constant_sequence", dict(T=3, d=2, direction=1)),
    "concepts.scalar_function": lambda: ("concepts.scalar_function", dict(name="exp")),
    "concepts.unit_directions": lambda: ("concepts.unit_directions", dict(rng=rng(), shape=(2,), dim=3)),
    "concepts.sample_sequences": lambda: ("concepts.sample_sequences",
                                          dict(rng=rng(), n=2, steps=3, dim=2, token_norm=1.0, eps=0.1)),
    "concepts.random_betas": lambda: ("concepts.random_betas", dict(rng=rng(), count=2, dim=3, norm=1.0)),
    "concepts.additive_concept": lambda: ("concepts.additive_concept", dict(X=X, betas=normal(3, 2), f=np.sin)),
    "concepts.window_positions": lambda: ("concepts.window_positions", dict(count=2, gap=2, steps=4)),
    "concepts.n_variable_concept": lambda: ("concepts.n_variable_concept",
                                            dict(X=X, positions=[2, 3], betas=normal(2, 2), f=np.sin)),
    "concepts.random_signs": lambda: ("concepts.random_signs", dict(rng=rng(), n=3)),
    "convolution.causal_convolution": lambda: ("convolution.causal_convolution",
                                               dict(kernel=normal(4, 2), inputs=X, dt=0.5)),
    "convolution.direct_causal_convolution": lambda: ("convolution.direct_causal_convolution",
                                                      dict(kernel=normal(4, 2), inputs=X, dt=0.5)),
    "ctrnn.RNNWeights": lambda: (RNNWeights, rnn_weights().fields),
    "ctrnn.RNNWeights.single": lambda: (RNNWeights.single, dict(W=-np.eye(2), U=np.ones((2, 1)), b=np.zeros(2),
                                                                 c=np.ones(2))),
    "ctrnn.heaviside_drive": lambda: ("ctrnn.heaviside_drive", dict(weights=rnn_weights(), levels=np.ones((2, 1)))),
    "ctrnn.heaviside_velocity": lambda: ("ctrnn.heaviside_velocity", dict(
        weights=rnn_weights(), sigma=TANH, levels=np.ones((2, 1)), times=T3, rtol=1e-8, atol=1e-20)),
    "ctrnn.heaviside_output_rate": lambda: ("ctrnn.heaviside_output_rate", dict(
        weights=rnn_weights(), sigma=TANH, levels=np.ones((2, 1)), times=T3, rtol=1e-8)),
    "ctrnn.residual_rnn": lambda: ("ctrnn.residual_rnn", dict(weights=rnn_weights(), sigma=TANH,
                                                              inputs=normal(2, 3, 1), dt=0.1)),
    "ctrnn.ssm_rnn": lambda: ("ctrnn.ssm_rnn", dict(weights=rnn_weights(), sigma=TANH, inputs=normal(2, 3, 1))),
    "ctrnn.readout": lambda: ("ctrnn.readout", dict(weights=rnn_weights(), path=normal(1, 2, 3, 2))),
    "decay_fit.DecayFit": RECORD,
    "decay_fit.DecayFit.to_json": RECORD,
    "decay_fit.tail_window": lambda: ("decay_fit.tail_window", dict(memory=DECAY, upper=1e-3, lower=1e-10,
                                                                    max_points=60)),
    "decay_fit.fit_tail_decay": lambda: ("decay_fit.fit_tail_decay", dict(memory=DECAY, confidence=0.95, upper=1e-3,
                                                                          lower=1e-10, max_points=60)),
    "diagonal_bptt.loss": lambda: ("diagonal_bptt.loss", dict(params=diag_params(), X=X, Y=np.array([0.5, -1.0]),
                                                              act=TANH)),
    "diagonal_bptt.loss_and_gradient": lambda: ("diagonal_bptt.loss_and_gradient", dict(
        params=diag_params(), X=X, Y=np.array([0.5, -1.0]), act=TANH)),
    "diagonal_rnn.DiagonalParams": lambda: (DiagonalParams, diag_params().fields),
    "diagonal_rnn.DiagonalParams.with_weights": lambda: (method(diag_params, "with_weights"),
                                                         dict(w=normal(1, 2), U=normal(1, 2, 2))),
    "diagonal_rnn.symmetric_init": lambda: ("diagonal_rnn.symmetric_init",
                                            dict(rng=rng(), ensemble=1, width=2, dim=2, alpha=0.5)),
    "diagonal_rnn.check_inputs": lambda: ("diagonal_rnn.check_inputs", dict(X=X, dim=2)),
    "diagonal_rnn.input_drive": lambda: ("diagonal_rnn.input_drive", dict(U=normal(1, 2, 2), X=X)),
    "diagonal_rnn.hidden_states": lambda: ("diagonal_rnn.hidden_states", dict(params=diag_params(), X=X, act=TANH)),
    "diagonal_rnn.readout": lambda: ("diagonal_rnn.readout", dict(params=diag_params(), h=normal(3, 1, 2, 2))),
    "diagonal_rnn.network_output": lambda: ("diagonal_rnn.network_output", dict(params=diag_params(), X=X, act=TANH)),
    "elman_rnn.ElmanParams": lambda: (ElmanParams, elman().fields),
    "elman_rnn.ElmanParams.with_recurrent": lambda: (method(elman, "with_recurrent"), dict(W=normal(1, 3, 3))),
    "elman_rnn.ElmanTrace": RECORD,
    "elman_rnn.init_elman": lambda: ("elman_rnn.init_elman", dict(rng=rng(), ensemble=1, width=3, token_dim=2,
                                                                  readout_scale=1.0)),
    "elman_rnn.forward": lambda: ("elman_rnn.forward", dict(params=elman(), X=X)),
    "elman_rnn.outputs": lambda: ("elman_rnn.outputs", dict(params=elman(), trace=elman_trace())),
    "elman_rnn.backward_deltas": lambda: ("elman_rnn.backward_deltas", dict(params=elman(), trace=elman_trace(),
                                                                            cotangent=normal(1, 2))),
    "elman_rnn.gradients": lambda: ("elman_rnn.gradients", dict(params=elman(), trace=elman_trace(),
                                                                cotangent=normal(1, 2))),
    "elman_rnn.hidden_jacobian": lambda: ("elman_rnn.hidden_jacobian", dict(params=elman(), trace=elman_trace(),
                                                                      t=3, k=1)),
    "exponential_fit.ExponentialFit": lambda: (ExponentialFit, fit().fields),
    "exponential_fit.ExponentialFit.__call__": lambda: (method(fit, "__call__"), dict(t=T3)),
    "exponential_fit.ExponentialFit.active_min_rate": lambda: (method(fit, "active_min_rate"), dict(tol=1e-8)),
    "exponential_fit.fit_exponential_sum": lambda: ("exponential_fit.fit_exponential_sum", dict(
        t=np.linspace(0.0, 4.0, 9), rho=np.exp(-np.linspace(0.0, 4.0, 9)), m=1, rng=rng())),
    "exponential_fit.fit_exponential_sums": lambda: ("exponential_fit.fit_exponential_sums", dict(
        t=np.linspace(0.0, 4.0, 9), rho=np.exp(-np.linspace(0.0, 4.0, 9)), widths=[1], rng=rng())),
    "finite.NonFiniteError": "exception type, raised by check_finite",
    "finite.first_non_finite": lambda: ("finite.first_non_finite", dict(array=normal(2, 2))),
    "finite.check_finite": lambda: ("finite.check_finite", dict(array=normal(2, 2), where="h")),
    "fitted_linear_rnn.direct_realisation": lambda: ("fitted_linear_rnn.direct_realisation", dict(fit=fit())),
    "fitted_linear_rnn.reparameterized_realisation": lambda: ("fitted_linear_rnn.reparameterized_realisation",
                                                              dict(fit=fit(), g=SOFTPLUS)),
    "fitted_linear_rnn.matrix_kernel": lambda: ("fitted_linear_rnn.matrix_kernel", dict(
        W=-np.eye(2)[None], U=np.ones((1, 2)), c=np.array([[1.0, -0.5]]), steps=3)),
    "fitted_linear_rnn.diagonal_kernel": lambda: ("fitted_linear_rnn.diagonal_kernel", dict(
        eigenvalues=np.array([[-1.0, -0.5]]), U=np.ones((1, 2)), c=np.array([[1.0, -0.5]]), steps=3)),
    "fitted_linear_rnn.kernel_error": lambda: ("fitted_linear_rnn.kernel_error", dict(
        rho=np.array([1.0, 0.5, 0.25]), kernels=np.array([[0.9, 0.5, 0.2]]), norm="l1")),
    "fitted_linear_rnn.direct_error_function": lambda: ("fitted_linear_rnn.direct_error_function",
                                                        dict(rho=np.array([1.0, 0.5, 0.25]))),
    "fitted_linear_rnn.reparameterized_error_function": lambda: (
        "fitted_linear_rnn.reparameterized_error_function", dict(rho=np.array([1.0, 0.5, 0.25]), g=SOFTPLUS)),
    "fixed_direction_perturbation.fixed_directions": lambda: ("fixed_direction_perturbation.fixed_directions", dict(
        params={"w": np.array([0.1, -0.2]), "P": np.eye(2)}, seed=1)),
    "fixed_direction_perturbation.fixed_direction_curve": lambda: (
        "fixed_direction_perturbation.fixed_direction_curve", dict(
            error=squared_w, params={"w": np.array([0.1, -0.2])}, betas=np.array([0.0, 0.5]), repeats=2)),
    "forward_stability.hidden_norm_ratios": lambda: ("forward_stability.hidden_norm_ratios", dict(
        rng=rng(), steps=3, width=4, dim=2, ensemble=2, token_norm=1.0, eps=0.1, max_floats=64)),
    "forward_stability.fraction_outside": lambda: ("forward_stability.fraction_outside",
                                                   dict(ratios=np.array([0.3, 1.0, 2.5]), low=0.5, high=2.0)),
    "gd_training.TrainingRun": RECORD,
    "gd_training.TrainingRun.predict": lambda: (training_run().predict, dict(X=X)),
    "gd_training.network_function": lambda: ("gd_training.network_function", dict(params=elman(), initial=None, X=X)),
    "gd_training.train_recurrent": lambda: ("gd_training.train_recurrent", dict(
        params=elman(), X=X, y=np.array([0.5, -0.5]), steps=2, step_size=0.01)),
    "gd_training.clipped_test_error": lambda: ("gd_training.clipped_test_error", dict(
        run=training_run(), X=X, y=np.array([0.5, -0.5]))),
    "gram_checks.GramError": "exception type, raised by check_gram",
    "gram_checks.IllConditionedGramWarning": "warning type, issued by check_gram",
    "gram_checks.GramDiagnostics": RECORD,
    "gram_checks.GramDiagnostics.as_dict": RECORD,
    "gram_checks.check_gram": lambda: ("gram_checks.check_gram", dict(
        H=np.array([[2.0, 1.0], [1.0, 2.0]]), symmetry_rtol=1e-10, psd_rtol=1e-10, condition_warn=1e12)),
    "gram_checks.quadratic_form": lambda: ("gram_checks.quadratic_form", dict(
        H=np.array([[2.0, 1.0], [1.0, 2.0]]), y=np.array([1.0, -1.0]), singular_rtol=1e-13)),
    "kernels.exponential": lambda: ("kernels.exponential", dict(t=T3, rate=0.5, direction=np.array([1.0, 0.5]))),
    "kernels.polynomial": lambda: ("kernels.polynomial", dict(t=T3, power=1.5, scale=0.1)),
    "kernels.sum_of_exponentials": lambda: ("kernels.sum_of_exponentials", dict(
        t=T3, rates=np.array([0.5, 2.0]), coefficients=np.array([1.0, -1.0]))),
    "lazy_diagnostics.linearized_output": lambda: ("lazy_diagnostics.linearized_output", dict(
        start=diag_params(), params=diag_params(5), X=X, act=TANH)),
    "lazy_diagnostics.LinearizationRecorder": lambda: (M + "lazy_diagnostics.LinearizationRecorder", dict(
        start=diag_params(), X=X, act=TANH, every=1)),
    "lazy_diagnostics.LinearizationRecorder.__call__": lambda: (
        lambda **kw: _recorder("LinearizationRecorder", diag_params(), X, TANH)(**kw), dict(k=2, params=diag_params(5))),
    "lazy_diagnostics.MovementRecorder": lambda: (M + "lazy_diagnostics.MovementRecorder", dict(start=diag_params())),
    "lazy_diagnostics.MovementRecorder.__call__": lambda: (
        lambda **kw: _recorder("MovementRecorder", diag_params())(**kw), dict(k=2, params=diag_params(5))),
    "linear_rnn.LinearRNN": lambda: (LinearRNN, linear().fields),
    "linear_rnn.LinearRNN.spectral_abscissa": lambda: (method(linear, "spectral_abscissa"), {}),
    "linear_rnn.LinearRNN.kernel": lambda: (method(linear, "kernel"), dict(t=T3)),
    "linear_rnn.LinearRNN.memory": lambda: (method(linear, "memory"), dict(t=T3)),
    "linear_rnn.LinearRNN.heaviside_states": lambda: (method(linear, "heaviside_states"), dict(level=np.ones(1), t=T3)),
    "linear_rnn.LinearRNN.heaviside_memory": lambda: (method(linear, "heaviside_memory"), dict(t=T3)),
    "linear_rnn.LinearRNN.discrete_kernel": lambda: (method(linear, "discrete_kernel"), dict(steps=3)),
    "linear_rnn.random_hurwitz": lambda: ("linear_rnn.random_hurwitz", dict(rng=rng(), m=2, margin=0.1)),
    "linear_rnn_fitting.TrainedLinearRNN": RECORD,
    "linear_rnn_fitting.TrainedLinearRNN.kernel": lambda: (trained_linear().kernel, dict(t=T3)),
    "linear_rnn_fitting.diagonal_kernels": lambda: ("linear_rnn_fitting.diagonal_kernels", dict(
        log_rates=normal(1, 2, scale=0.5), U=normal(1, 2, seed=2), c=normal(1, 2, seed=3), t=T3)),
    "linear_rnn_fitting.kernel_loss": lambda: ("linear_rnn_fitting.kernel_loss", dict(
        log_rates=normal(1, 2, scale=0.5), U=normal(1, 2, seed=2), c=normal(1, 2, seed=3), t=T3, rho=RHO)),
    "linear_rnn_fitting.kernel_loss_gradient": lambda: ("linear_rnn_fitting.kernel_loss_gradient", dict(
        log_rates=normal(1, 2, scale=0.5), U=normal(1, 2, seed=2), c=normal(1, 2, seed=3), t=T3, rho=RHO)),
    "linear_rnn_fitting.train_linear_rnn": lambda: ("linear_rnn_fitting.train_linear_rnn", dict(
        t=T3, rho=RHO, m=2, rng=rng(), ensemble=1, steps=2, learning_rate=0.01, stop_error=1e-6)),
    "linear_rnn_fitting.geometric_rate_grid": lambda: ("linear_rnn_fitting.geometric_rate_grid",
                                                       dict(m=3, low=0.1, high=1.0)),
    "linear_rnn_fitting.fixed_basis_fit": lambda: ("linear_rnn_fitting.fixed_basis_fit", dict(
        t=T3, rho=RHO, rates=np.array([0.5, 2.0]))),
    "linear_rnn_fitting.discrete_diagonal_kernel": lambda: ("linear_rnn_fitting.discrete_diagonal_kernel", dict(
        moduli=np.array([[0.9, 0.5]]), U=np.ones((1, 2)), c=np.array([[1.0, -0.5]]), steps=3)),
    "linear_rnn_fitting.eigen_matrix_kernel": lambda: ("linear_rnn_fitting.eigen_matrix_kernel", dict(
        W=np.array([[[-1.0, 0.2], [0.0, -0.5]]]), U=np.ones((1, 2)), c=np.array([[1.0, -0.5]]), steps=3)),
    "memory.level_grid": lambda: ("memory.level_grid", dict(d=2, magnitudes=(1.0, 2.0))),
    "memory.level_norm": lambda: ("memory.level_norm", dict(levels=np.array([[1.0, -2.0], [0.5, 0.5]]))),
    "memory.memory_from_rates": lambda: ("memory.memory_from_rates", dict(
        rates=normal(2, 3), levels=np.array([[1.0, -2.0], [0.5, 0.5]]))),
    "memory.step_memory": lambda: ("memory.step_memory", dict(outputs=normal(2, 3),
                                                              levels=np.array([[1.0, -2.0], [0.5, 0.5]]))),
    "memory.impulse_memory": lambda: ("memory.impulse_memory", dict(outputs=normal(2, 3),
                                                                    levels=np.array([[1.0, -2.0], [0.5, 0.5]]))),
    "memory.step_inputs": lambda: ("memory.step_inputs", dict(levels=np.array([[1.0, -2.0]]), steps=3)),
    "memory.impulse_inputs": lambda: ("memory.impulse_inputs", dict(levels=np.array([[1.0, -2.0]]), steps=3)),
    "memory.log_decay_rate": lambda: ("memory.log_decay_rate", dict(times=T3, memory=np.array([1.0, 0.6, 0.3]))),
    "minimal_width.WidthSearch": RECORD,
    "minimal_width.doubling_grid": lambda: ("minimal_width.doubling_grid", dict(smallest=2, largest=8)),
    "minimal_width.minimal_width": lambda: ("minimal_width.minimal_width", dict(
        best_losses=lambda m: np.array([1.0 / m]), eps=0.3, smallest=2, largest=8)),
    "neuron_derivatives.tangent_features": lambda: ("neuron_derivatives.tangent_features", dict(
        w=normal(1, 2, scale=0.5), U=normal(1, 2, 2), X=X, act=TANH)),
    "neuron_derivatives.directional_derivative": lambda: ("neuron_derivatives.directional_derivative", dict(
        w=normal(1, 2, scale=0.5), U=normal(1, 2, 2), X=X, dw=normal(1, 2, seed=3), dU=normal(1, 2, 2, seed=4),
        act=TANH)),
    "neuron_derivatives.hidden_hessians": lambda: ("neuron_derivatives.hidden_hessians", dict(
        w=normal(1, 2, scale=0.5), U=normal(1, 2, 2), X=X, act=TANH)),
    "neuron_derivatives.gradient_and_hessian_norms": lambda: ("neuron_derivatives.gradient_and_hessian_norms", dict(
        w=normal(1, 2, scale=0.5), U=normal(1, 2, 2), X=X, act=TANH)),
    "ntk_diagonal.kernel_of_neurons": lambda: ("ntk_diagonal.kernel_of_neurons", dict(
        w=normal(1, 2, scale=0.5), U=normal(1, 2, 2), X=X, act=TANH, chunk=1)),
    "ntk_diagonal.empirical_ntk": lambda: ("ntk_diagonal.empirical_ntk", dict(params=diag_params(), X=X, act=TANH)),
    "ntk_diagonal.limit_ntk": lambda: ("ntk_diagonal.limit_ntk", dict(rng=rng(), X=X, act=TANH, alpha=0.5, samples=4)),
    "ntk_gram.per_sample_jacobians": lambda: ("ntk_gram.per_sample_jacobians", dict(params=elman(), X=X)),
    "ntk_gram.empirical_ntk": lambda: ("ntk_gram.empirical_ntk", dict(params=elman(), X=X, X2=normal(1, 3, 2))),
    "ntk_gram.readout_features": lambda: ("ntk_gram.readout_features", dict(trace=elman_trace(), readout="mean")),
    "ntk_gram.NtkBlocks": RECORD,
    "ntk_gram.NtkBlocks.scaled": lambda: (ntk_blocks().scaled, dict(readout_trained=True)),
    "ntk_gram.readout_ntk_blocks": lambda: ("ntk_gram.readout_ntk_blocks", dict(
        params=elman(), X=X, X2=normal(1, 3, 2), readouts=("last", "mean"), trained="WA")),
    "ntk_gram.empirical_readout_ntk": lambda: ("ntk_gram.empirical_readout_ntk", dict(
        params=elman(), X=X, X2=normal(1, 3, 2), readout="mean", readout_trained=True)),
    "perturbation.block_norm": lambda: ("perturbation.block_norm", dict(delta=normal(2, 2, 2), norm="spectral")),
    "perturbation.project_to_ball": lambda: ("perturbation.project_to_ball", dict(delta=normal(2, 2), beta=0.5,
                                                                                  norm="linf")),
    "perturbation.random_directions": lambda: ("perturbation.random_directions", dict(
        shape=(2, 2), count=3, beta=0.5, norm="spectral", rng=rng())),
    "perturbation.worst_case_error": lambda: ("perturbation.worst_case_error", dict(
        error_fn=squared, theta={"w": np.array([0.5, -0.5])}, beta=0.1, norm="linf", rng=rng(), samples=2,
        ascent_steps=1)),
    "perturbation.perturbation_curve": lambda: ("perturbation.perturbation_curve", dict(
        error_fn=squared, theta={"w": np.array([0.5, -0.5])}, betas=np.array([0.0, 0.1]), norm="linf", rng=rng(),
        samples=2, ascent_steps=0)),
    "perturbation.crossing_points": lambda: ("perturbation.crossing_points", dict(
        betas=np.array([0.0, 0.1, 0.2]), curves=np.array([[0.0, 0.2, 0.4], [0.0, 0.1, 0.5]]))),
    "perturbation.blow_up_points": lambda: ("perturbation.blow_up_points", dict(
        betas=np.array([0.0, 0.1, 0.2]), curves=np.array([[0.1, 0.2, 4.0], [0.1, 0.1, 0.5]]), factor=10.0,
        floor=0.0)),
    "projected_gd.GDTrace": RECORD,
    "projected_gd.neuron_displacement": lambda: ("projected_gd.neuron_displacement", dict(
        params=diag_params(5), start=diag_params())),
    "projected_gd.project_onto_neuron_balls": lambda: ("projected_gd.project_onto_neuron_balls", dict(
        params=diag_params(5), start=diag_params(), radius=0.1)),
    "projected_gd.projected_gradient_descent": lambda: ("projected_gd.projected_gradient_descent", dict(
        start=diag_params(), X=X, Y=np.array([0.5, -1.0]), act=TANH, eta=0.1, steps=2, rho=1.0)),
    "reparameterization.Reparameterization": lambda: (Reparameterization, dict(
        name="r", time="continuous", forward=np.negative, inverse=np.negative, stable_by_construction=False)),
    "reparameterization.Reparameterization.__call__": lambda: (SOFTPLUS, dict(w=np.array([0.5, -1.0]))),
    "reparameterization.Reparameterization.is_stable": lambda: (SOFTPLUS.is_stable,
                                                                dict(eigenvalues=np.array([-0.5, 0.5]))),
    "reparameterization.reparameterization": lambda: ("reparameterization.reparameterization", dict(name="exp")),
    "reparameterization.euler_stable": lambda: ("reparameterization.euler_stable", dict(
        eigenvalues=np.array([-0.5, -30.0]), dt=0.1)),
    "residual_orthogonal.ResidualOrthogonalRNN": lambda: (ResidualOrthogonalRNN, orthogonal_model().fields),
    "residual_orthogonal.ResidualOrthogonalRNN.as_dict": lambda: (method(orthogonal_model, "as_dict"), {}),
    "residual_orthogonal.ResidualOrthogonalRNN.from_dict": lambda: (ResidualOrthogonalRNN.from_dict, dict(
        values=dict(orthogonal_model().fields))),
    "residual_orthogonal.ResidualOrthogonalRNN.initial": lambda: (ResidualOrthogonalRNN.initial, dict(m=2, rng=rng())),
    "residual_orthogonal.ResidualOrthogonalRNN.recurrent_matrix": lambda: (
        method(orthogonal_model, "recurrent_matrix"), dict(phi="softplus")),
    "residual_orthogonal.grown_orthogonal": lambda: ("residual_orthogonal.grown_orthogonal", dict(
        model=orthogonal_model(), m=3, rng=rng())),
    "residual_orthogonal.forward_orthogonal": lambda: ("residual_orthogonal.forward_orthogonal", dict(
        model=orthogonal_model(), sigma=TANH, x=normal(2, 3), dt=0.1, phi="softplus")),
    "residual_orthogonal.stability_margin": lambda: ("residual_orthogonal.stability_margin", dict(
        w=np.array([0.5, -1.0]), phi="relu")),
    "residual_orthogonal.objective_and_gradient": lambda: ("residual_orthogonal.objective_and_gradient", dict(
        model=orthogonal_model(), sigma=TANH, x=normal(2, 3), y=normal(2, 3, seed=2), dt=0.1, phi="softplus",
        margin_weight=0.01)),
    "residual_orthogonal.adam_orthogonal": lambda: ("residual_orthogonal.adam_orthogonal", dict(
        model=orthogonal_model(), sigma=TANH, x=normal(2, 3), y=normal(2, 3, seed=2), dt=0.1, phi="softplus",
        settings=Build(AdamSettings, learning_rate=0.01, steps=2), margin_weight=0.01)),
    "residual_orthogonal.perturbed_orthogonal": lambda: ("residual_orthogonal.perturbed_orthogonal", dict(
        model=orthogonal_model(), deltas={"P": np.ones((2, 2))})),
    "residual_training.ResidualDiagonalRNN": lambda: (ResidualDiagonalRNN, residual_model().fields),
    "residual_training.ResidualDiagonalRNN.as_dict": lambda: (method(residual_model, "as_dict"), {}),
    "residual_training.ResidualDiagonalRNN.from_dict": lambda: (ResidualDiagonalRNN.from_dict, dict(
        values=dict(residual_model().fields))),
    "residual_training.ResidualDiagonalRNN.initial": lambda: (ResidualDiagonalRNN.initial, dict(m=2, rng=rng())),
    "residual_training.grown": lambda: ("residual_training.grown", dict(model=residual_model(), m=3, rng=rng())),
    "residual_training.rates": lambda: ("residual_training.rates", dict(w=np.array([0.5, -1.0]), phi="relu")),
    "residual_training.forward": lambda: ("residual_training.forward", dict(
        model=residual_model(), sigma=TANH, x=normal(2, 3), dt=0.1, phi="softplus")),
    "residual_training.mse_loss_and_gradient": lambda: ("residual_training.mse_loss_and_gradient", dict(
        model=residual_model(), sigma=TANH, x=normal(2, 3), y=normal(2, 3, seed=2), dt=0.1, phi="softplus")),
    "residual_training.AdamSettings": lambda: (AdamSettings, dict(learning_rate=0.01, beta1=0.9, beta2=0.999,
                                                                  eps=1e-8, steps=2, clip=0.5)),
    "residual_training.adam": lambda: ("residual_training.adam", dict(
        model=residual_model(), sigma=TANH, x=normal(2, 3), y=normal(2, 3, seed=2), dt=0.1, phi="softplus",
        settings=Build(AdamSettings, learning_rate=0.01, steps=2))),
    "residual_training.perturbed": lambda: ("residual_training.perturbed", dict(
        model=residual_model(), deltas={"w": np.array([0.1, 0.1])})),
    "rnn_ntk_recursion.RecursionKernels": RECORD,
    "rnn_ntk_recursion.rnn_ntk_kernels": lambda: ("rnn_ntk_recursion.rnn_ntk_kernels", dict(X=X, X2=normal(1, 3, 2))),
    "rnn_ntk_recursion.rnn_ntk": lambda: ("rnn_ntk_recursion.rnn_ntk", dict(X=X)),
    "rnn_ntk_recursion.unit_token_ntk_diagonal": lambda: ("rnn_ntk_recursion.unit_token_ntk_diagonal", dict(steps=3)),
    "rnn_ntk_recursion.CrossTimeKernels": RECORD,
    "rnn_ntk_recursion.cross_time_kernels": lambda: ("rnn_ntk_recursion.cross_time_kernels", dict(
        X=X, X2=normal(1, 3, 2))),
    "rnn_ntk_recursion.rnn_readout_ntk": lambda: ("rnn_ntk_recursion.rnn_readout_ntk", dict(
        X=X, X2=normal(1, 3, 2), readout="mean", readout_trained=True)),
    "teacher_rnn.TanhTeacher": lambda: (TanhTeacher, tanh_teacher().fields),
    "teacher_rnn.random_tanh_teacher": lambda: ("teacher_rnn.random_tanh_teacher", dict(m=2, rng=rng(), gain=1.0)),
    "teacher_rnn.teacher_outputs": lambda: ("teacher_rnn.teacher_outputs", dict(teacher=tanh_teacher(),
                                                                              x=normal(2, 3))),
    "teacher_rnn.teacher_step_memory": lambda: ("teacher_rnn.teacher_step_memory", dict(
        teacher=tanh_teacher(), levels=np.array([0.5, -1.0]), steps=3)),
    "teachers.random_orthogonal": lambda: ("teachers.random_orthogonal", dict(rng=rng(), ensemble=1, m=2)),
    "teachers.symmetric_hurwitz": lambda: ("teachers.symmetric_hurwitz", dict(rng=rng(), rates=np.array([[0.5, 1.0]]))),
    "teachers.normal_hurwitz": lambda: ("teachers.normal_hurwitz", dict(
        rng=rng(), rates=np.array([[0.5]]), frequencies=np.array([[2.0]]))),
    "teachers.random_teacher": lambda: ("teachers.random_teacher", dict(rng=rng(), ensemble=1, m=2, d=1, gain=1.0)),
    "time_weighted_mse.time_weights": lambda: ("time_weighted_mse.time_weights", dict(steps=3)),
    "time_weighted_mse.time_weighted_mse": lambda: ("time_weighted_mse.time_weighted_mse", dict(
        y_hat=normal(2, 3), y=normal(2, 3, seed=2))),
    "time_weighted_mse.time_weighted_mse_and_gradient": lambda: (
        "time_weighted_mse.time_weighted_mse_and_gradient", dict(y_hat=normal(2, 3), y=normal(2, 3, seed=2))),
    "transport_teacher.transport_map": lambda: ("transport_teacher.transport_map", dict(
        w=normal(1, 2), U=normal(1, 2, 2), nu=1.0)),
    "transport_teacher.mean_tangent_projection": lambda: ("transport_teacher.mean_tangent_projection", dict(
        w=normal(1, 2, scale=0.5), U=normal(1, 2, 2), X=X, nu=1.0, act=TANH, chunk=1)),
    "transport_teacher.TransportTeacher": lambda: (TransportTeacher, teacher().fields),
    "transport_teacher.TransportTeacher.__call__": lambda: (method(teacher, "__call__"), dict(X=X)),
    "transport_teacher.draw_teacher": lambda: ("transport_teacher.draw_teacher", dict(
        rng=rng(), neurons=2, dim=2, alpha=0.5, nu=1.0, act=TANH)),
    "transport_teacher.random_feature_prediction": lambda: ("transport_teacher.random_feature_prediction", dict(
        params=diag_params(), X=X, nu=1.0, act=TANH)),
    "transport_teacher.random_feature_error": lambda: ("transport_teacher.random_feature_error", dict(
        params=diag_params(), teacher=teacher(), X=X)),
    "validation.NonFiniteInputError": "exception type, raised by finite_array and finite_scalar",
    "validation.finite_array": lambda: ("validation.finite_array", dict(value=normal(2, 2), name="v")),
    "validation.finite_scalar": lambda: ("validation.finite_scalar", dict(value=0.5, name="v")),
    "validation.checked_size": lambda: ("validation.checked_size", dict(value=2, name="v")),
}


def _recorder(name: str, *args: Any) -> Any:
    from rnnbounds.numerics import lazy_diagnostics

    return getattr(lazy_diagnostics, name)(*(build(a) for a in args))


# ---------------------------------------------------------------- documented outcomes

def raises(kind: type[BaseException], pattern: str) -> Callable[[Any], None]:
    def check(outcome: Any) -> None:
        assert isinstance(outcome, kind) and re.search(pattern, str(outcome)), outcome
    return check


def returns(predicate: Callable[[Any], bool]) -> Callable[[Any], None]:
    def check(outcome: Any) -> None:
        assert not isinstance(outcome, BaseException), outcome
        assert predicate(outcome), outcome
    return check


def _all_float64(value: Any) -> bool:
    return all(a.dtype == np.float64 for a in _float_arrays(value))


# (entry, argument, variant) -> (why, check of the outcome). Every row is stated in a docstring.
DOCUMENTED: dict[tuple[str, str, str], tuple[str, Callable[[Any], None]]] = {
    ("activations.Activation", "lipschitz", "inf"): ("constants may be inf (unbounded)", returns(lambda a: True)),
    ("activations.Activation", "curvature", "inf"): ("inf where sigma'' is undefined", returns(lambda a: True)),
    ("activations.Activation", "value_bound", "inf"): ("inf when unbounded", returns(lambda a: True)),
    ("activations.Activation.__call__", "z", "nan"): ("IEEE elementwise map", returns(lambda y: np.isnan(y[0]))),
    ("activations.Activation.__call__", "z", "inf"): ("tanh(inf) = 1", returns(lambda y: y[0] == 1.0)),
    ("activations.Activation.__call__", "z", "empty"): ("elementwise: empty in, empty out",
                                                        returns(lambda y: y.shape == (0,))),
    ("bounded_inputs.constant_sequence", "direction", "empty"): ("direction 0 is e_0",
                                                                 returns(lambda x: x[0, 0, 0] == 1.0)),
    ("concepts.window_positions", "gap", "empty"): ("l_0 = 0 fits only N = 1", raises(ValueError, r"\bgap\b")),
    ("exponential_fit.ExponentialFit.__call__", "t", "empty"): ("empty grid, empty fit values",
                                                                returns(lambda y: y.shape == (0,))),
    ("finite.first_non_finite", "array", "nan"): ("the detector returns the index", returns(lambda i: i == (0, 0))),
    ("finite.first_non_finite", "array", "inf"): ("the detector returns the index", returns(lambda i: i == (0, 0))),
    ("finite.first_non_finite", "array", "empty"): ("no entry, no bad entry", returns(lambda i: i is None)),
    ("finite.check_finite", "array", "nan"): ("the detector raises NonFiniteError naming `where`",
                                              raises(ValueError, r"non-finite value nan in h")),
    ("finite.check_finite", "array", "inf"): ("the detector raises NonFiniteError naming `where`",
                                              raises(ValueError, r"non-finite value inf in h")),
    ("finite.check_finite", "array", "empty"): ("nothing to check", returns(lambda r: r is None)),
    ("fixed_direction_perturbation.fixed_directions", "seed", "empty"): (
        "seed 0 is the repository's first repeat", returns(lambda d: set(d) == {"w", "P"})),
    ("fitted_linear_rnn.kernel_error", "kernels", "nan"): ("a diverged kernel has error +inf",
                                                           returns(lambda e: e[0] == np.inf)),
    ("fitted_linear_rnn.kernel_error", "kernels", "inf"): ("a diverged kernel has error +inf",
                                                           returns(lambda e: e[0] == np.inf)),
    ("elman_rnn.hidden_jacobian", "k", "empty"): ("k = 0 is h_0: d h_t / d h_0",
                                                  returns(lambda J: J.shape == (1, 2, 3, 3))),
    ("gd_training.train_recurrent", "steps", "empty"): ("0 steps: the initial loss only",
                                                        returns(lambda run: run.losses.shape == (1, 1))),
    ("lazy_diagnostics.LinearizationRecorder.__call__", "k", "empty"): ("k = 0 is the first step",
                                                                        returns(lambda r: r is None)),
    ("lazy_diagnostics.MovementRecorder.__call__", "k", "empty"): ("k = 0 is the first step",
                                                                   returns(lambda r: r is None)),
    ("perturbation.worst_case_error", "ascent_steps", "empty"): ("random search only",
                                                                 returns(lambda r: np.isfinite(r[0]))),
    ("perturbation.perturbation_curve", "ascent_steps", "empty"): ("random search only",
                                                                   returns(lambda r: np.isfinite(r).all())),
    ("perturbation.crossing_points", "curves", "inf"): ("+inf marks a blown-up model",
                                                        returns(lambda r: r.shape == (1,))),
    ("perturbation.blow_up_points", "curves", "inf"): ("+inf marks a blown-up model",
                                                       returns(lambda r: r.shape == (2,))),
    ("projected_gd.projected_gradient_descent", "steps", "empty"): ("0 steps: theta(0) only",
                                                                    returns(lambda t: t.losses.shape == (1, 1))),
    ("reparameterization.Reparameterization.__call__", "w", "empty"): ("elementwise map: empty in, empty out",
                                                                       returns(lambda y: y.shape == (0,))),
    ("validation.finite_array", "value", "nan"): ("names the argument `name`", raises(ValueError, r"argument v\b")),
    ("validation.finite_array", "value", "inf"): ("names the argument `name`", raises(ValueError, r"argument v\b")),
    ("validation.finite_array", "value", "empty"): ("names the argument `name`", raises(ValueError, r"argument v\b")),
    ("validation.finite_scalar", "value", "nan"): ("names the argument `name`", raises(ValueError, r"argument v\b")),
    ("validation.finite_scalar", "value", "inf"): ("names the argument `name`", raises(ValueError, r"argument v\b")),
    ("validation.checked_size", "value", "empty"): ("names the argument `name`", raises(ValueError, r"argument v\b")),
}


# ---------------------------------------------------------------- the walk

def _float_arrays(value: Any, depth: int = 0) -> list[np.ndarray]:
    """Every float array or numpy float scalar inside a result (tuples, dicts, dataclasses)."""
    if depth > 4:
        return []
    if isinstance(value, (np.ndarray, np.floating)):
        return [np.asarray(value)] if np.asarray(value).dtype.kind == "f" else []
    if isinstance(value, dict):
        return [a for v in value.values() for a in _float_arrays(v, depth + 1)]
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in _float_arrays(v, depth + 1)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [a for f in dataclasses.fields(value) for a in _float_arrays(getattr(value, f.name), depth + 1)]
    return []


def _leaves(value: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """(path, leaf) for every float array, float scalar and integer inside the arguments."""
    if isinstance(value, Build):
        return [leaf for k, v in value.fields.items() for leaf in _leaves(v, path + (k,))]
    if isinstance(value, dict):
        return [leaf for k, v in value.items() for leaf in _leaves(v, path + (k,))]
    if isinstance(value, (list, tuple)):
        return [leaf for i, v in enumerate(value) for leaf in _leaves(v, path + (i,))]
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return [(path, value)]
    if isinstance(value, (float, int, np.floating)) and not isinstance(value, bool):
        return [(path, value)]
    return []


def _replaced(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, Build):
        return Build(value.cls, **{**value.fields, head: _replaced(value.fields[head], rest, new)})
    if isinstance(value, dict):
        return {**value, head: _replaced(value[head], rest, new)}
    items = list(value)
    items[head] = _replaced(items[head], rest, new)
    return type(value)(items)


def _variants(leaf: Any) -> dict[str, Any]:
    if isinstance(leaf, np.ndarray):
        out = {}
        for name, bad in (("nan", np.nan), ("inf", np.inf)):
            out[name] = leaf.copy()
            out[name].flat[0] = bad
        if leaf.ndim >= 1:
            out["empty"] = leaf[:0]
        out["float32"] = leaf.astype(np.float32)
        return out
    if isinstance(leaf, (float, np.floating)):
        return {"nan": float("nan"), "inf": float("inf"), "float32": np.float32(leaf)}
    return {"empty": 0}


def _call(entry: str, kwargs: dict[str, Any]) -> Any:
    target, _ = EXAMPLES[entry]()
    function = _resolve(target)
    try:
        return function(**build(kwargs))
    except Exception as error:  # noqa: BLE001 - the outcome is judged below
        return error


def _resolve(target: Any) -> Callable[..., Any]:
    if isinstance(target, str):
        module, name = target.removeprefix(M).rsplit(".", 1)
        return getattr(importlib.import_module(M + module), name)
    return target


def _leaf_name(path: tuple) -> str:
    return [p for p in path if isinstance(p, str)][-1]


def _cases() -> list[tuple[str, tuple, str]]:
    cases = []
    for entry in entry_points():
        example = EXAMPLES.get(entry)
        if not callable(example):
            continue
        for path, leaf in _leaves(example()[1]):
            cases += [(entry, path, variant) for variant in _variants(leaf)]
    return cases


CASES = _cases()


def test_every_module_declares_all():
    missing = [m.__name__ for m in _modules() if not hasattr(m, "__all__")]
    assert not missing, f"modules without __all__: {missing}"


def test_every_entry_point_has_an_example():
    missing = [e for e in entry_points() if e not in EXAMPLES]
    assert not missing, f"add a row to EXAMPLES for {missing}"
    stale = [e for e in EXAMPLES if e not in entry_points()]
    assert not stale, f"EXAMPLES names entry points that are gone: {stale}"


def test_documented_rows_are_reached():
    reached = {(e, _leaf_name(p), v) for e, p, v in CASES}
    assert set(DOCUMENTED) <= reached, set(DOCUMENTED) - reached


@pytest.mark.parametrize("entry", [e for e in EXAMPLES if callable(EXAMPLES[e])])
def test_example_runs_and_returns_float64(entry):
    target, kwargs = EXAMPLES[entry]()
    outcome = _call(entry, kwargs)
    assert not isinstance(outcome, BaseException), f"{entry}: the valid example raised {outcome!r}"
    assert _all_float64(outcome), f"{entry}: non-float64 output"


@pytest.mark.parametrize("entry", [e for e in EXAMPLES if callable(EXAMPLES[e])])
def test_all_float32_arguments_give_float64(entry):
    _, kwargs = EXAMPLES[entry]()
    for path, leaf in _leaves(kwargs):
        if isinstance(leaf, np.ndarray) or isinstance(leaf, (float, np.floating)):
            kwargs = _replaced(kwargs, path, _variants(leaf)["float32"])
    outcome = _call(entry, kwargs)
    assert not isinstance(outcome, BaseException), f"{entry}: float32 arguments raised {outcome!r}"
    assert _all_float64(outcome), f"{entry}: float32 arguments gave a non-float64 output"


@pytest.mark.parametrize("entry, path, variant", CASES,
                         ids=[f"{e}-{'.'.join(map(str, p))}-{v}" for e, p, v in CASES])
def test_bad_argument(entry, path, variant):
    _, kwargs = EXAMPLES[entry]()
    leaf = dict(_leaves(kwargs))[path]
    outcome = _call(entry, _replaced(kwargs, path, _variants(leaf)[variant]))
    name = _leaf_name(path)
    documented = DOCUMENTED.get((entry, name, variant))
    if documented is not None:
        documented[1](outcome)
    elif variant == "float32":
        assert not isinstance(outcome, BaseException), f"float32 {name} raised {outcome!r}"
        assert _all_float64(outcome), f"float32 {name} gave a non-float64 output"
    else:
        assert isinstance(outcome, ValueError), f"{variant} {name}: no ValueError, got {outcome!r}"
        message = str(outcome)
        assert re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", message), f"message does not name {name}: {message}"
        assert "overflowed" not in message, f"input blamed on overflow: {message}"
