"""cnbudget: the reference toolkit of the open-data standard for Chinese budget disclosures."""

from __future__ import annotations

__version__ = "0.1.0"

_TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: `--version` is quick

if _TYPE_CHECKING:
    from collections.abc import Iterable as _Iterable
    from os import PathLike as _PathLike

    from cnbudget.reader import Package, PackageSet


def read(path: str | _PathLike[str]) -> Package:
    """Read one package (folder, datapackage.json or zip); see :mod:`cnbudget.reader`."""
    from cnbudget.reader import read as _read

    return _read(path)  # type: ignore[arg-type]


def read_many(paths: _Iterable[str | _PathLike[str]]) -> PackageSet:
    """Read and pool several packages; see :func:`cnbudget.reader.read_many`."""
    from cnbudget.reader import read_many as _read_many

    return _read_many(paths)  # type: ignore[arg-type]
