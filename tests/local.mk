# SPDX-License-Identifier: GPL-2.0-or-later
EXTRA_DIST += tests/lib/env.sh tests/lib/tap.sh tests/unit/tap.h
