#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the engine-level smoke test (dr_engine_run without the CLI) on a
# private filesystem: on the shared build filesystem, other tests' files
# come and go during a scenario and SPACE rightly counts them as lost.
. "$top_srcdir/tests/integration/run-lib.sh"

run_fs_setup engine-smoke
[ -n "$run_mounted" ] || tap_skip_all "could not mount a private ext4 for SPACE"
DAXRACE_TEST_DIR=$fsdir "$top_builddir/tests/unit/engine_smoke_test"
