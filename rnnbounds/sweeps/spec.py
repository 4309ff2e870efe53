"""A sweep is data: a task function, a grid of parameters and a list of seeds.

    Sweep(name="widths", function="rnnbounds.sweeps.demo:noisy_power",
          grid={"n": [8, 16, 32], "p": [1.0, 2.0]}, seeds=[0, 1, 2])

runs ``noisy_power(config, seed)`` once per (configuration, seed): 6 configurations x 3 seeds =
18 tasks. ``grid`` is either a mapping (its Cartesian product, in the order the keys are given)
or an explicit list of configuration dicts. Every value is plain JSON (numbers, strings, lists),
so the sweep can be saved next to its results and hashed.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from .tasks import Task, canonical_json, resolve_function

Configuration = dict[str, Any]


@dataclass(frozen=True)
class Sweep:
    """A named grid of configurations crossed with seeds, evaluated by one task function."""

    name: str
    function: str
    grid: Mapping[str, Sequence[Any]] | Sequence[Configuration] = field(default_factory=dict)
    seeds: Sequence[int] = (0,)
    fixed: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name: a sweep needs a non-empty name, got {self.name!r}")
        if not isinstance(self.function, str) or ":" not in self.function:
            raise ValueError(f"function: expected 'module:function', got {self.function!r}")
        _check_seeds(self.seeds)
        _check_grid(self.grid)
        canonical_json(dict(self.fixed))  # raises ValueError on values that are not plain JSON

    def configurations(self) -> list[Configuration]:
        """The configurations in sweep order, each merged over ``fixed``."""
        if isinstance(self.grid, Mapping):
            names = list(self.grid)
            points = [dict(zip(names, values)) for values in itertools.product(*self.grid.values())]
        else:
            points = [dict(point) for point in self.grid]
        return [{**dict(self.fixed), **point} for point in points]

    def tasks(self, version: str) -> list[Task]:
        """One task per (configuration, seed), configuration-major, keyed under ``version``."""
        return [
            Task(function=self.function, config=config, seed=int(seed), version=version)
            for config in self.configurations()
            for seed in self.seeds
        ]

    def resolve(self):
        """The task function itself (imports its module)."""
        return resolve_function(self.function)

    def to_dict(self) -> dict[str, Any]:
        grid = dict(self.grid) if isinstance(self.grid, Mapping) else [dict(p) for p in self.grid]
        return {
            "name": self.name,
            "function": self.function,
            "grid": _plain(grid),
            "seeds": [int(s) for s in self.seeds],
            "fixed": _plain(dict(self.fixed)),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Sweep":
        unknown = set(data) - {"name", "function", "grid", "seeds", "fixed"}
        if unknown:
            raise ValueError(f"sweep: unknown field(s) {sorted(unknown)}")
        missing = {"name", "function"} - set(data)
        if missing:
            raise ValueError(f"sweep: missing field(s) {sorted(missing)}")
        return cls(
            name=data["name"],
            function=data["function"],
            grid=data.get("grid", {}),
            seeds=tuple(data.get("seeds", (0,))),
            fixed=data.get("fixed", {}),
        )

    @classmethod
    def from_json(cls, text: str) -> "Sweep":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"sweep: not valid JSON ({error})") from None
        if not isinstance(data, dict):
            raise ValueError("sweep: expected a JSON object")
        return cls.from_dict(data)


def _plain(value: Any) -> Any:
    """Tuples become lists, so that the JSON form round-trips."""
    return json.loads(canonical_json(value))


def _check_seeds(seeds: Sequence[int]) -> None:
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, Sequence) or len(seeds) == 0:
        raise ValueError(f"seeds: expected a non-empty list of integers, got {seeds!r}")
    for seed in seeds:
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seeds: each seed must be a non-negative integer, got {seed!r}")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds: duplicate seeds in {list(seeds)!r}")


def _check_grid(grid: Any) -> None:
    if isinstance(grid, Mapping):
        for name, values in grid.items():
            if not isinstance(name, str):
                raise ValueError(f"grid: parameter names must be strings, got {name!r}")
            if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
                raise ValueError(f"grid[{name!r}]: expected a non-empty list of values")
        canonical_json(dict(grid))
    elif isinstance(grid, Sequence) and not isinstance(grid, (str, bytes)):
        for point in grid:
            if not isinstance(point, Mapping):
                raise ValueError(f"grid: an explicit grid is a list of dicts, got {point!r}")
        canonical_json([dict(p) for p in grid])
        if not grid:
            raise ValueError("grid: an explicit grid needs at least one configuration")
    else:
        raise ValueError(f"grid: expected a dict of value lists or a list of dicts, got {grid!r}")
