#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The mutators beyond punch, zero and truncate on a loop-mounted ext4
# (see mutators-lib.sh).
. "$top_srcdir/tests/integration/mutators-lib.sh"
mutators_test ext4
