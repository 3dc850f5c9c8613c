# SPDX-License-Identifier: GPL-2.0-or-later
dist_man_MANS += man/daxrace.1
dist_man_MANS += man/daxrace-ci.7
