"""Run threadtui with `python -m threadtui`."""

import sys

from threadtui.cli import main

sys.exit(main())
