#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Prints each verdict of a result.json that is not PASS, NA or SKIP, with
its reason and the evidence of its violations: what a test shows when a
run ends other than it expected."""
import json
import sys

try:
    d = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print("show-verdicts: %s: %s" % (sys.argv[1], e))
    sys.exit(0)
for s in d.get("scenarios", []):
    for name, v in s.get("oracles", {}).items():
        if v.get("verdict") not in ("PASS", "NA", "SKIP"):
            print("%s %s %s: %s" % (s.get("name"), name, v.get("verdict"), v.get("reason")))
    for viol in s.get("violations", []):
        print("%s violation %s: %s" % (s.get("name"), viol.get("oracle"), viol.get("summary")))
        for line in (viol.get("evidence") or "").splitlines()[:20]:
            print("    " + line)
