"""The command-line reference, read from the ``cnbudget`` typer app through click.

Commands added to the app appear here at the next build; only the examples below are
written by hand (a command without one gets its ``--help`` line as the example).

Recent typer releases vendor their own copy of click (``typer._click``), so the command
objects are used through click's public interface by duck typing (``list_commands``,
``params``, ``param_type_name`` …), never by ``isinstance`` against a click import.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from docgen.md import cell, code, table

PAGE = "reference/cli.md"

# Example invocations, by command path, each with a comment. They use the reference package
# and the text extraction and PDF shipped in examples/, so they run from the repository root;
# tests/docs/test_examples.py runs every one of them and requires one for every command.
EXAMPLES: dict[str, list[str]] = {
    "convert": [
        "cnbudget convert examples/lulong-2023-budget.txt -o out/130324-201-2023-budget"
        "  # 文本提取 / a text extraction",
        "cnbudget convert examples/lulong-2023-budget.pdf -o out/lulong"
        "  # PDF",
        "cnbudget convert examples/lulong-2023-budget.pdf -o out/lulong --overwrite "
        "--region-code 130324 --department-code 201 --year 2023 --json"
        "  # 补足元数据 / metadata",
    ],
    "validate": [
        "cnbudget validate datapackages/130324-201-2023-budget",
        "cnbudget validate examples/lulong-2023-budget.pdf --html report.html "
        "--csv findings.csv  # 先转换再校验 / converts first",
        "cnbudget validate datapackages/ --out out/reports"
        "  # 一批 / a batch",
    ],
    "batch": [
        "cnbudget batch datapackages examples/lulong-2023-budget.txt -o out/review --jobs 2"
        "  # 文件夹、文件、zip / folders, files, zips",
        "cnbudget batch datapackages examples/lulong-2023-budget.txt -o out/review --jobs 2"
        "  # 再次运行：沿用 / again: nothing redone",
    ],
    "render": [
        "cnbudget render datapackages/130324-201-2023-budget -o out/130324-201-2023-budget.pdf",
        "cnbudget convert out/130324-201-2023-budget.pdf -o out/roundtrip"
        "  # 生成的 PDF 可再转换 / the PDF converts back",
    ],
    "export": [
        "cnbudget export datapackages/130324-201-2023-budget -o out/130324-201-2023-budget.xlsx",
        "cnbudget convert out/130324-201-2023-budget.xlsx -o out/from-xlsx"
        "  # 工作簿可再转换 / the workbook converts back",
        "cnbudget export datapackages/130324-201-2023-budget --format csv -o out/csv",
        "cnbudget export datapackages/130324-201-2023-budget --format csv -o out/csv.zip",
    ],
    "catalog": [
        "cnbudget catalog datapackages/130324-201-2023-budget -o out/catalog "
        "--base-url https://data.example.org/cnbudget  # DCAT-AP、schema.org、DataCite …",
    ],
    "template": [
        "cnbudget template -o out/部门预算模板.xlsx",
        "cnbudget template --year 2024 --kind unit_budget --unit 元 --decimals 0 "
        "-o out/单位预算模板.xlsx",
    ],
    "annotate": [
        "cnbudget convert examples/lulong-2023-budget.pdf -o out/lulong",
        "cnbudget annotate out/lulong --source examples/lulong-2023-budget.pdf "
        "-o out/lulong-annotated.pdf  # 问题标在原文上 / findings marked on the source",
    ],
    "site": [
        "cnbudget convert examples/lulong-2023-budget.pdf -o out/lulong",
        "cnbudget site out/lulong datapackages/130324-201-2023-budget "
        "--source examples/lulong-2023-budget.pdf -o out/site  # 打开 out/site/index.html",
    ],
}


class CliUnavailable(Exception):
    """The typer app could not be imported."""


Command = Any  # a click (or typer-vendored click) Command


def root_command() -> Command:
    """The click command behind ``cnbudget``."""
    try:
        import typer.main

        module = importlib.import_module("cnbudget.cli.main")
        return typer.main.get_command(module.app)
    except Exception as exc:  # any import-time failure of the CLI means: cannot document it
        raise CliUnavailable(f"{type(exc).__name__}: {exc}") from exc


def _context(cmd: Command, info_name: str) -> Any:
    return cmd.context_class(cmd, info_name=info_name)


def commands(
    cmd: Command, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Command]]:
    """(path, command) for every subcommand, depth first; the root itself is not listed."""
    if hasattr(cmd, "list_commands"):
        ctx = _context(cmd, "cnbudget")
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is None or sub.hidden:
                continue
            yield (*path, name), sub
            yield from commands(sub, (*path, name))


def command_anchor(path: tuple[str, ...]) -> str:
    return "cnbudget-" + "-".join(path)


def _is_option(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "option"


def _default(param: Any) -> str:
    default: Any = param.default
    if default is None or callable(default) or "Sentinel" in type(default).__name__:
        return ""
    if _is_option(param) and param.is_flag and default is False:
        return ""
    if isinstance(default, list | tuple):
        if not default:
            return ""
        return code(" ".join(str(d) for d in default))
    return code(default)


def _type_name(param: Any, ctx: Any) -> str:
    ptype = getattr(param, "type", None)
    if ptype is not None and getattr(ptype, "name", None):
        return str(ptype.name)
    display = getattr(param, "display_type", None)
    if callable(display):
        return str(display(ctx)).strip("<>")
    return ""


def _param_rows(cmd: Command, ctx: Any) -> list[list[str]]:
    rows = []
    for p in cmd.params:
        if getattr(p, "hidden", False):
            continue
        if _is_option(p):
            names = ", ".join(code(o) for o in [*p.opts, *p.secondary_opts])
            kind = "flag" if getattr(p, "is_flag", False) else _type_name(p, ctx)
        else:
            names = code(_argument_name(p))
            kind = "argument: " + _type_name(p, ctx)
        rows.append([
            names,
            code(kind),
            "yes" if p.required else "",
            _default(p),
            cell(getattr(p, "help", None) or ""),
        ])
    return rows


def _argument_name(param: Any) -> str:
    name = str(getattr(param, "metavar", None) or param.name or "").upper()
    return name + ("..." if param.nargs == -1 else "")


def _usage(cmd: Command, path: tuple[str, ...]) -> str:
    pieces = ["cnbudget", *path]
    if any(_is_option(p) and not getattr(p, "hidden", False) for p in cmd.params):
        pieces.append("[OPTIONS]")
    for p in cmd.params:
        if not _is_option(p):
            name = _argument_name(p)
            pieces.append(name if p.required else f"[{name}]")
    if hasattr(cmd, "list_commands"):
        pieces.append("COMMAND [ARGS]...")
    return " ".join(pieces)


def cli_page() -> str:
    root = root_command()
    lines = [
        "# 命令行参考 / Command line reference\n",
        "本页由 <code>cnbudget</code> 命令本身（typer 应用）在构建文档时生成，"
        "新增命令会自动出现。/ This page is generated from the <code>cnbudget</code> "
        "command (its typer app) when the site is built; new commands appear automatically.\n",
        "```console\n$ cnbudget --help\n$ cnbudget COMMAND --help\n```\n",
        "## cnbudget {#cnbudget}\n",
        cell(root.help or "") + "\n",
        "```text\n" + _usage(root, ()) + "\n```\n",
    ]
    rows = _param_rows(root, _context(root, "cnbudget"))
    if rows:
        lines.append(table(["Option", "Type", "Required", "Default", "Help"], rows))
    listing = [[f"[{code(' '.join(p))}](#{command_anchor(p)})",
                cell((c.short_help or c.get_short_help_str(80)) or "")]
               for p, c in commands(root)]
    lines.append("### 命令一览 / Commands\n")
    lines.append(table(["Command", "Summary"], listing))
    for path, cmd in commands(root):
        level = "#" * min(2 + len(path) - 1, 4)
        full = " ".join(("cnbudget", *path))
        lines.append(f"#{level} {full} {{#{command_anchor(path)}}}\n")
        if cmd.help:
            lines.append(cell(cmd.help.strip()).replace("<br><br>", "\n\n") + "\n")
        lines.append("**Usage**\n")
        lines.append("```text\n" + _usage(cmd, path) + "\n```\n")
        rows = _param_rows(cmd, _context(cmd, full))
        if rows:
            lines.append("**Arguments and options / 参数与选项**\n")
            lines.append(table(["Name", "Type", "Required", "Default", "Help"], rows))
        examples = EXAMPLES.get(" ".join(path)) or [f"{full} --help"]
        lines.append("**Example / 示例**\n")
        lines.append("```console\n" + "\n".join(f"$ {e}" for e in examples) + "\n```\n")
    return "\n".join(lines)


def missing_page(reason: str) -> str:
    return ("# 命令行参考 / Command line reference\n\n"
            f"!!! warning\n    The cnbudget command could not be loaded: {cell(reason)}\n")
