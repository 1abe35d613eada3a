"""Stands in for the web browser in tests: `BROWSER` names this script instead of a real one.

It appends the URL it is given to the file named by `THREADTUI_TEST_BROWSER_LOG`, or does
nothing when that is unset, so no test ever starts a real browser.
"""

import os
import sys

log = os.environ.get("THREADTUI_TEST_BROWSER_LOG")
if log:
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(sys.argv[1] + "\n")
