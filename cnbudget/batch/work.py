"""The work of one disclosure, run in a limited child process
(:mod:`cnbudget.batch.isolation`): convert (or copy a package), write the package, validate
it, write the validator's JSON report; everything into a staging folder."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

from cnbudget.batch.isolation import rss_mb


def _metadata(meta: dict[str, Any]) -> dict[str, Any]:
    pub = meta.get("publisher") if isinstance(meta.get("publisher"), dict) else {}
    year = meta.get("fiscal_year")
    return {"region": (pub or {}).get("region_name"),
            "region_code": (pub or {}).get("region_code"),
            "department": (pub or {}).get("department_name"),
            "fiscal_year": year if isinstance(year, int) else None,
            "document_kind": meta.get("document_kind")}


def _part(files: list[Path], disclosure: Any) -> dict[str, Any] | None:
    from cnbudget.converters.grouping import part

    return part(str(files[0]), disclosure).to_dict() if len(files) == 1 else None


def _lenient_part(files: list[Path], kept: bytes | None = None) -> dict[str, Any] | None:
    """A refused file's department, year and kind, read by a lenient conversion (of the
    document as read before the strict conversion, ``kept`` pickled, when at hand: the
    file is not read again)."""
    import pickle

    from cnbudget.converters import ConversionError, Options, convert_sources, read_source

    if len(files) != 1:
        return None
    try:
        docs = [pickle.loads(kept) if kept is not None else read_source(files[0])]
        disclosure = convert_sources(docs, Options(strict=False, self_check=False))
    except ConversionError:
        return None
    return _part(files, disclosure)


def _report_html(folder: Path, package: Path, paths: list[Path]) -> str | None:
    """The HTML report with page crops (``report.html``), here in the worker so that reports
    are made in parallel, when :mod:`cnbudget.review` is installed; why it could not be
    made, or None."""
    import importlib.util

    if importlib.util.find_spec("cnbudget.review") is None:
        return "cnbudget.review is not installed"
    from cnbudget.review.report_html import write_report_html

    sources = [p for p in paths if p.suffix.lower() == ".pdf"]
    try:
        write_report_html(folder / "report.json", package, folder / "report.html",
                          sources or None)
    except Exception as exc:  # the disclosure's result stands without its HTML
        return f"{type(exc).__name__}: {exc}"
    return None


def html(report: str, package: str | None, target: str, sources: list[str]
         ) -> dict[str, Any]:
    """Task: the HTML report of a result already in place (``reports/<id>.html``)."""
    folder = Path(target).parent
    problem = None
    import importlib.util

    if importlib.util.find_spec("cnbudget.review") is not None:
        from cnbudget.review.report_html import write_report_html

        try:
            write_report_html(Path(report), Path(package) if package else None, Path(target),
                              [Path(s) for s in sources] or None)
        except Exception as exc:
            problem = f"{type(exc).__name__}: {exc}"
    return {"problem": problem, "folder": str(folder), "peak_rss_mb": rss_mb()}


def _source_file(sources: str, sha: str) -> Path:
    return Path(sources) / f"{sha}.pickle"


def _read_sources(paths: list[Path], shas: list[str] | None, sources: str | None
                  ) -> tuple[list[Any], bytes | None]:
    """The read documents of ``paths``: a PDF of a multi-file disclosure from the batch's
    own cache of what its reading alone (for the grouping) read, when it is there; else read
    now. With one PDF and a cache folder: also the read document pickled before any
    conversion touched it (kept by :func:`work` when the file may join another)."""
    import pickle

    from cnbudget.converters import read_source

    docs: list[Any] = []
    for i, path in enumerate(paths):
        doc = None
        if sources and shas and len(paths) > 1 and path.suffix.lower() == ".pdf":
            try:
                with _source_file(sources, shas[i]).open("rb") as fh:
                    doc = pickle.load(fh)  # written by this batch run's own workers only
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                doc = None
        docs.append(doc if doc is not None else read_source(path))
    kept = None
    if sources and len(paths) == 1 and paths[0].suffix.lower() == ".pdf":
        try:
            kept = pickle.dumps(docs[0], protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            kept = None  # not kept: read again where needed
    return docs, kept


def _keep_source(sources: str, sha: str, data: bytes) -> None:
    from cnbudget.atomic import write_file

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_file(_source_file(sources, sha), write, overwrite=True)


def work(files: list[str], kind: str, staging: str, config: str | None,
         make_html: bool = True, shas: list[str] | None = None,
         sources: str | None = None) -> dict[str, Any]:
    """Convert and validate one disclosure into ``staging`` (``package/``, ``report.json``);
    its record: status ok, invalid or refused, the package's metadata, the counts and, for a
    single document, its grouping part. ``sources``: the batch's folder of read documents
    (by SHA-256, ``shas`` of ``files``): a single PDF whose grouping part could join it to
    another file leaves what was read there, and a disclosure of several files takes its
    PDFs from there instead of reading them again (reading is most of a PDF's
    conversion)."""
    from cnbudget.converters import ConversionError, Options, convert_sources
    from cnbudget.package import write_package
    from cnbudget.validation.api import known_codes, validate
    from cnbudget.validation.config import Config
    from cnbudget.validation.report_json import dumps

    paths = [Path(f) for f in files]
    folder = Path(staging)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "package"
    rec: dict[str, Any] = {"reason": None, "part": None}
    start = time.perf_counter()
    cfg = Config.load(Path(config), known_codes()) if config else None
    if kind == "package":
        shutil.copytree(paths[0], target)
    else:
        kept = None
        try:
            docs, kept = _read_sources(paths, shas, sources)
            disclosure = convert_sources(docs, Options())
        except ConversionError as exc:
            rec.update(status="refused", reason=str(exc), part=_lenient_part(paths, kept))
            rec["convert_seconds"] = round(time.perf_counter() - start, 3)
            rec["peak_rss_mb"] = rss_mb()
            return rec
        rec["part"] = _part(paths, disclosure)
        if kept is not None and sources and shas and (rec["part"] or {}).get("department") \
                and (rec["part"] or {}).get("fiscal_year") is not None:
            _keep_source(sources, shas[0], kept)  # it may join another file
        del kept
        write_package(disclosure, target)
    rec["convert_seconds"] = round(time.perf_counter() - start, 3)
    validation = validate(target, config=cfg)
    (folder / "report.json").write_text(dumps(validation) + "\n", encoding="utf-8")
    try:
        meta = json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    rec.update(_metadata(meta if isinstance(meta, dict) else {}))
    if validation.result is None:
        rec.update(status="refused", reason=f"the validator could not run: {validation.error}")
        shutil.rmtree(target, ignore_errors=True)
    else:
        rec["status"] = "invalid" if validation.result.has_error else "ok"
        rec["counts"] = validation.result.counts()
        if make_html:
            rec["html"] = _report_html(folder, target, paths)
    rec["peak_rss_mb"] = rss_mb()
    return rec


def against_budget(package: str, budget: str | None, report: str, config: str | None
                   ) -> dict[str, Any]:
    """Validate a written final-accounts package with its department's budget package of
    the same year (``budget``; None: alone again) and replace its JSON report atomically;
    the new status and counts, or ``problem`` when the validator could not run."""
    from cnbudget.atomic import write_file
    from cnbudget.validation.api import known_codes, validate
    from cnbudget.validation.config import Config
    from cnbudget.validation.report_json import dumps

    cfg = Config.load(Path(config), known_codes()) if config else None
    validation = validate(Path(package), config=cfg,
                          budget=Path(budget) if budget else None)
    if validation.result is None:
        return {"problem": f"the validator could not run: {validation.error}"}
    text = dumps(validation) + "\n"

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_file(Path(report), write, overwrite=True)
    return {"status": "invalid" if validation.result.has_error else "ok",
            "counts": validation.result.counts()}
