"""Project hygiene: dependencies in step, notebooks thin and output-free, public surface."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in ("test", "lab", "dask"):
        wanted |= {_name(r) for r in project["optional-dependencies"][extra]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    have = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python"}
    aliases = {"dask": {"dask", "distributed"}, "build": {"python-build"},
               "pypandoc-binary": {"pypandoc", "pandoc"}}
    expanded = set().union(*(aliases.get(w, {w}) for w in wanted))
    assert have == expanded


def test_notebooks_are_thin_and_committed_without_outputs() -> None:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c["outputs"] and c["execution_count"] is None for c in code), path
        params = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
        assert len(params) == 1, path
        src = "".join(params[0]["source"])
        for line in src.splitlines():
            # literals only: NAME = "string" | number
            assert re.fullmatch(r'\w+ = ("[^"]*"|-?\d+(\.\d+)?|True|False|None)', line), line
        for c in code:
            assert len("".join(c["source"]).splitlines()) <= 4, (path, c["source"])


def test_public_api_is_sorted_and_importable() -> None:
    import replicate

    # ruff's RUF022 keeps __all__ sorted (isort-style); here: no duplicates, all importable
    assert len(set(replicate.__all__)) == len(replicate.__all__)
    for name in replicate.__all__:
        assert hasattr(replicate, name), name


def _isort_key(name: str) -> tuple[int, str]:
    """RUF022's isort-style order: SCREAMING_CASE, then CamelCase, then the rest."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name


def _modules() -> list[str]:
    import pkgutil

    import replicate

    names = ["replicate"]
    for info in pkgutil.walk_packages(replicate.__path__, "replicate."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return sorted(names)


def test_every_module_has_a_sorted_all_and_packages_export_their_public_names() -> None:
    import importlib
    import inspect

    modules = _modules()
    assert len(modules) > 100
    for name in modules:
        mod = importlib.import_module(name)
        exported = getattr(mod, "__all__", None)
        assert exported is not None, f"{name} has no __all__"
        assert list(exported) == sorted(set(exported), key=_isort_key), name
        for item in exported:
            assert hasattr(mod, item), (name, item)
        if hasattr(mod, "__path__"):  # a package: __all__ is exactly its public names
            # classes and functions defined in the package (or one of its modules), and every
            # constant or type alias it holds
            public = {k for k, v in vars(mod).items() if not k.startswith("_")
                      and not inspect.ismodule(v) and k != "annotations"
                      and (not (inspect.isclass(v) or inspect.isroutine(v))
                           or str(v.__module__).startswith(name))}
            extra = {"__version__"} & set(exported)
            assert set(exported) == public | extra, (name, sorted(public ^ set(exported)))
