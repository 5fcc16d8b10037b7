"""Package → plain CSV files, one per resource (the package's own CSVs, without the
descriptor), into a folder or a .zip. Values are written as stored — no formula
neutralisation, since that would change the data; open them in a spreadsheet program
through its import dialog, or use the xlsx export."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from cnbudget.atomic import write_file, write_folder
from cnbudget.model import Disclosure
from cnbudget.package import write_package


def export_csv(disclosure: Disclosure, target: Path, *, overwrite: bool = False) -> Path:
    target = Path(target)
    with tempfile.TemporaryDirectory() as scratch:
        pkg = write_package(disclosure, Path(scratch) / "package")
        files = sorted(pkg.glob("*.csv"))
        if target.suffix.lower() == ".zip":
            def write_zip(tmp: Path) -> None:
                with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                    for f in files:
                        zf.write(f, f.name)
            return write_file(target, write_zip, overwrite=overwrite)

        def copy(tmp: Path) -> None:
            for f in files:
                (tmp / f.name).write_bytes(f.read_bytes())
        return write_folder(target, copy, overwrite=overwrite)
