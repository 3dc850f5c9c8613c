/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_TIMELINE_H
#define DR_TIMELINE_H

#include "oracles/round.h"

/*
 * Evidence for round-level violations: every step of the round in time
 * order, in microseconds relative to the uffd fault (the moment the pins
 * were taken), then the results and errnos.  Returns a malloc'd string.
 */
char *dr_round_timeline(const struct dr_round *r);

#endif
