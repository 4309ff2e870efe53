"""Map the top-level folders onto the `rnnbounds` import namespace.

    rnnbounds/  -> rnnbounds            (CLI, reports, sweeps)
    theorems/   -> rnnbounds.theorems   (symbolic statements, bounds, claims)
    numerics/   -> rnnbounds.numerics   (NumPy simulators)
"""

from setuptools import find_packages, setup

FOLDERS = {"rnnbounds": "rnnbounds", "rnnbounds.theorems": "theorems", "rnnbounds.numerics": "numerics"}


def _packages() -> list[str]:
    found = ["rnnbounds"] + [f"rnnbounds.{name}" for name in find_packages("rnnbounds")]
    for package, folder in FOLDERS.items():
        if package != "rnnbounds":
            found += [package] + [f"{package}.{name}" for name in find_packages(folder)]
    return found


setup(packages=_packages(), package_dir=FOLDERS)
