"""A review campaign's configuration: change severities, silence rules.

```yaml
severity:            # code → error | warning | info
  CNB-RES-003: info
silence:             # rules not run at all (listed in the report as silenced)
  - CNB-MET-004
docs_url: https://example.org/reference/rules.html   # where the HTML report links rules
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cnbudget.validation.findings import Severity


class ConfigError(Exception):
    """The configuration file is unreadable or names unknown rules or severities."""


@dataclass(frozen=True, slots=True)
class Config:
    severities: dict[str, Severity] = field(default_factory=dict)
    silenced: frozenset[str] = frozenset()
    docs_url: str | None = None
    path: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any], known: set[str], path: str | None = None
                  ) -> Config:
        unknown_keys = set(data) - {"severity", "silence", "docs_url"}
        if unknown_keys:
            raise ConfigError(f"{path or 'config'}: unknown keys {sorted(unknown_keys)}")
        sev_raw = data.get("severity") or {}
        silence_raw = data.get("silence") or []
        if not isinstance(sev_raw, dict) or not isinstance(silence_raw, list):
            raise ConfigError(f"{path or 'config'}: 'severity' must be a mapping and "
                              "'silence' a list")
        severities: dict[str, Severity] = {}
        for code, sev in sev_raw.items():
            if code not in known:
                raise ConfigError(f"{path or 'config'}: unknown rule {code!r}")
            try:
                severities[code] = Severity(str(sev).lower())
            except ValueError as exc:
                raise ConfigError(f"{path or 'config'}: {code}: severity must be error, "
                                  f"warning or info, not {sev!r}") from exc
        for code in silence_raw:
            if code not in known:
                raise ConfigError(f"{path or 'config'}: unknown rule {code!r}")
        docs = data.get("docs_url")
        return cls(severities, frozenset(str(c) for c in silence_raw),
                   str(docs) if docs else None, path)

    @classmethod
    def load(cls, path: Path, known: set[str]) -> Config:
        import yaml  # only when a configuration is read: not at every command's start

        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot read the configuration ({exc})") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: the configuration must be a YAML mapping")
        return cls.from_dict(data, known, str(path))
