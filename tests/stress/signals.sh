#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make check-stress: fault-signals.sh with twenty trials per signal (SIGINT,
# SIGTERM, SIGHUP at random moments), about three minutes.
DAXRACE_SIGNAL_TRIALS=20
export DAXRACE_SIGNAL_TRIALS
exec sh "$top_srcdir/tests/integration/fault-signals.sh"
