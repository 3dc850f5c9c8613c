/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_FUZZ_H
#define DR_FUZZ_H

/*
 * What every libFuzzer target here shares.  The targets run the code a
 * user's input reaches in one process over and over, so the library's
 * process-wide state (log level and prefix, --exit-codes style, getopt's
 * scanner) is put back before each input, as a fresh daxrace would start.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/exitcode.h"
#include "common/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static inline void dr_fuzz_reset(void)
{
	dr_log_level = DR_LOG_WARN;
	dr_log_prefix = "daxrace";
	dr_set_exit_style("daxrace");
}

/*
 * A target that can never fail tests nothing.  With DR_FUZZ_PLANT=1 in the
 * environment, a target aborts once the code under test has accepted an
 * input that names "planted..." (a workload group, a known-issues entry,
 * a result's scenario id, the --dir value), as a bug there would crash.
 * tests/fuzz/run.sh runs each target so over its corpus plus
 * tests/fuzz/planted/NAME, a valid input naming it, and the run must be
 * reported as failed: proof that a crash past the parser is noticed.
 * (Fuzzing also finds the plant from the seeds alone, given a minute or
 * so: libFuzzer learns the bytes a comparison wants and writes them over
 * the bytes it saw, which is why a prefix is compared.)
 */
static inline void dr_fuzz_plant(const char *accepted)
{
	static int planted = -1;

	if (planted < 0) {
		const char *e = getenv("DR_FUZZ_PLANT");

		planted = e && !strcmp(e, "1");
	}
	if (planted && accepted && !strncmp(accepted, "planted", 7))
		abort();
}

/* A NUL-terminated copy of the input, which the parsers want; NULL on ENOMEM. */
static inline char *dr_fuzz_strndup(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (s) {
		memcpy(s, data, len);
		s[len] = '\0';
	}
	return s;
}

#endif
