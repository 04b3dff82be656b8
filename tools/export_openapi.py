"""Print the API's OpenAPI document; `make openapi` writes it to docs/openapi.json.

A test compares that committed copy with the live schema, so the contract cannot drift
without someone noticing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "groundswell.settings"
    os.environ["DEBUG"] = "1"
    import django

    django.setup()
    from groundswell.api import api

    print(json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
