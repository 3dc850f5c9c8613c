#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Render a LAVA device dictionary for lava-run without a lava-server.

    render-device.py DEVICE-TYPES-DIR DEVICE.jinja2 JOB.yaml > device.yaml

lava-server renders a device's dictionary (a jinja2 template extending its
device type) with the job's context as the template's variables, and hands
the YAML to lava-run.  This does the same with lava-server's own device
type templates (/usr/share/lava-server/device-types in Debian's
lava-server), so lava-run runs the job as a lab would.
"""
import os
import sys

import jinja2
import yaml


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    types, device, job = argv[1:]
    with open(job, encoding="utf-8") as f:
        context = yaml.safe_load(f).get("context", {})
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(
            [os.path.dirname(os.path.abspath(device)), types]),
        trim_blocks=True, autoescape=False)
    text = env.get_template(os.path.basename(device)).render(**context)
    yaml.safe_load(text)  # a template that renders no YAML is an error here
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
