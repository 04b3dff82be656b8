"""Fail if a migration has Django's automatic name (house style: always --name)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

AUTO = re.compile(r"^\d{4}_auto_\d{8}_\d{4}\.py$")


def main() -> int:
    bad = [p for p in Path("groundswell").glob("*/migrations/*.py") if AUTO.match(p.name)]
    for path in bad:
        print(f"{path}: give migrations a descriptive --name", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
