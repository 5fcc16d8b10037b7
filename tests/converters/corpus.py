"""The corpus documents the converter tests read (../shared/corpus relative to the repo root),
grouped into disclosures: some are published as two files (tables + text)."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

DISCLOSURES: dict[str, list[str]] = {
    "cn-guojia-xinfangju-2026-budget": ["cn-guojia-xinfangju-2026-budget"],
    "cn-guojia-xinfangju-2024-final-accounts": ["cn-guojia-xinfangju-2024-final-accounts"],
    "bj-xinfang-ban-2026-budget-tables": ["bj-xinfang-ban-2026-budget-tables",
                                          "bj-xinfang-ban-2026-budget-text"],
    "bj-junmin-ronghe-ban-2026-budget-tables": ["bj-junmin-ronghe-ban-2026-budget-tables"],
    "sd-yantai-dashuju-2026-budget": ["sd-yantai-dashuju-2026-budget"],
    "gd-guangzhou-xinfang-2026-budget": ["gd-guangzhou-xinfang-2026-budget"],
    "gd-shenzhen-xinfang-2026-budget": ["gd-shenzhen-xinfang-2026-budget"],
    "hn-changsha-xinfang-2026-budget": ["hn-changsha-xinfang-2026-budget"],
    "js-shengwei-bangongting-2019-budget-tables": ["js-shengwei-bangongting-2019-budget-tables",
                                                   "js-shengwei-bangongting-2019-budget-text"],
    "js-suzhou-shenji-2026-budget": ["js-suzhou-shenji-2026-budget"],
    "js-city-2026-budget-2ed60e3f": ["js-city-2026-budget-2ed60e3f"],
    "js-city-2026-budget-17a8236f": ["js-city-2026-budget-17a8236f"],
    "js-city-2026-unit-budget-c5641eca": ["js-city-2026-unit-budget-c5641eca"],
    "zj-hangzhou-qixiang-2026-budget": ["zj-hangzhou-qixiang-2026-budget"],
    "fj-quanzhou-jiance-zhongxin-2026-unit-budget": [
        "fj-quanzhou-jiance-zhongxin-2026-unit-budget"],
    "cq-qixiang-2026-budget": ["cq-qixiang-2026-budget"],
    "sn-xian-xinfang-2026-budget": ["sn-xian-xinfang-2026-budget"],
    "sh-putuo-caizhengju-2025-budget": ["sh-putuo-caizhengju-2025-budget"],
    "sh-putuo-wanli-2023-budget": ["sh-putuo-wanli-2023-budget"],
    "sh-putuo-fuliyuan-2024-unit-budget": ["sh-putuo-fuliyuan-2024-unit-budget"],
    "sh-yuwai-nongchang-2026-unit-budget": ["sh-yuwai-nongchang-2026-unit-budget"],
    "sh-putuo-caizhengju-2024-final-accounts": ["sh-putuo-caizhengju-2024-final-accounts"],
    "sh-putuo-2024-final-accounts-fa222afc": ["sh-putuo-2024-final-accounts-fa222afc"],
    "sn-xian-2022-final-accounts-243800f1": ["sn-xian-2022-final-accounts-243800f1"],
    # second-wave files with a golden package (tests/fixtures/CHECKED.md)
    "hn-changsha-2026-budget-4a8c7eea": ["hn-changsha-2026-budget-4a8c7eea"],
    "zj-huzhou-2026-budget-c39bf8ec": ["zj-huzhou-2026-budget-c39bf8ec"],
    "js-prov-tables-2018-budget-dc64772a": ["js-prov-tables-2018-budget-dc64772a"],
    "gd-city-2026-budget-a53a7cf2": ["gd-city-2026-budget-a53a7cf2"],
    "sh-unit-2026-unit-budget-50ce5022": ["sh-unit-2026-unit-budget-50ce5022"],
    "sn-xian-comprehensive-2022-budget-9645ce95": [
        "sn-xian-comprehensive-2022-budget-9645ce95"],
    # the rest of the 西安 部门综合预算 family (issue 10)
    "sn-xian-comprehensive-2019-budget-891d54ad": ["sn-xian-comprehensive-2019-budget-891d54ad"],
    "sn-xian-comprehensive-2020-budget-f3e1c257": ["sn-xian-comprehensive-2020-budget-f3e1c257"],
    "sn-xian-comprehensive-2021-budget-321a5fee": ["sn-xian-comprehensive-2021-budget-321a5fee"],
    "sn-xian-comprehensive-2022-budget-a8e0cce7": ["sn-xian-comprehensive-2022-budget-a8e0cce7"],
    "sn-xian-comprehensive-2022-budget-b6aea555": ["sn-xian-comprehensive-2022-budget-b6aea555"],
    "cq-2026-budget-5c6aea1e": ["cq-2026-budget-5c6aea1e"],
    "gd-shenzhen-2026-budget-15defc28": ["gd-shenzhen-2026-budget-15defc28"],
}


def files(stem: str) -> list[Path]:
    paths = [CORPUS / f"{s}.pdf" for s in DISCLOSURES[stem]]
    missing = [p for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"corpus file {missing[0]} absent")
    return paths


def corpus_file(name: str) -> Path:
    """One corpus file by its file name; the test is skipped when it is absent."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not available")
    return path


def every_disclosure() -> dict[str, list[Path]]:
    """Every document of the corpus grouped into its disclosures, as the corpus sweep groups
    them by MANIFEST.md (same publisher, year and kind: a 报表 file and its 说明 are one);
    a file MANIFEST.md does not list is a disclosure of its own. Empty when the corpus is
    absent. Keyed by the first file's stem."""
    if not CORPUS.is_dir():
        return {}
    from benchmarks.corpus import manifest_groups, read_manifest, select

    names = [p.name for p in select(CORPUS, None)]
    groups = manifest_groups(names, read_manifest(CORPUS))
    out: dict[str, list[Path]] = {}
    for name in names:
        members = sorted(groups[name])
        out.setdefault(Path(members[0]).stem, [CORPUS / n for n in members])
    return out
