"""Copy the front-end packages from node_modules into groundswell/static/vendor.

NHS.UK frontend's compiled CSS loads the Frutiger font from an NHS host and uses absolute
``/assets/`` URLs. Groundswell is not an NHS service and serves everything itself, so the
font faces are dropped (the stack falls back to Arial) and asset URLs are pointed at our
static copy.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
OUT = ROOT / "groundswell" / "static" / "vendor"


def main() -> int:
    nhsuk = NODE / "nhsuk-frontend" / "dist" / "nhsuk"
    if not nhsuk.exists():
        print("node_modules is missing: run `npm ci` first", file=sys.stderr)
        return 1
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "nhsuk").mkdir(parents=True)
    css = (nhsuk / "nhsuk-frontend.min.css").read_text(encoding="utf-8")
    css = re.sub(r"@font-face\{[^}]*assets\.nhs\.uk[^}]*\}", "", css)
    css = css.replace("url(/assets/", "url(/static/vendor/nhsuk/assets/")
    if "assets.nhs.uk" in css:
        print("unexpected remote URL left in nhsuk CSS", file=sys.stderr)
        return 1
    (OUT / "nhsuk" / "nhsuk-frontend.min.css").write_text(css, encoding="utf-8")
    shutil.copy(nhsuk / "nhsuk-frontend.min.js", OUT / "nhsuk" / "nhsuk-frontend.min.js")
    shutil.copytree(nhsuk / "assets", OUT / "nhsuk" / "assets")
    (OUT / "htmx").mkdir()
    shutil.copy(NODE / "htmx.org" / "dist" / "htmx.min.js", OUT / "htmx" / "htmx.min.js")
    print(f"front-end packages copied into {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
