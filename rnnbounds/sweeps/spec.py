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

from .spec_schema import check_fixed, check_function, check_grid, check_name, check_seeds, task_count
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
        check_name(self.name)
        check_function(self.function)
        check_seeds(self.seeds)
        check_grid(self.grid)
        check_fixed(self.fixed)

    @property
    def task_count(self) -> int:
        """Configurations x seeds, counted without building the grid."""
        return task_count(self.grid, self.seeds)

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
        """The sweep a JSON object describes; ValueError naming the first bad field."""
        if not isinstance(data, Mapping):
            raise ValueError(f"sweep: expected an object, got {data!r}")
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
            seeds=data.get("seeds", (0,)),
            fixed=data.get("fixed", {}),
        )

    @classmethod
    def from_json(cls, text: str) -> "Sweep":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"sweep: not valid JSON ({error})") from None
        except RecursionError:
            raise ValueError("sweep: nested too deeply to read") from None
        if not isinstance(data, dict):
            raise ValueError("sweep: expected a JSON object")
        return cls.from_dict(data)


def _plain(value: Any) -> Any:
    """Tuples become lists, so that the JSON form round-trips."""
    return json.loads(canonical_json(value))
