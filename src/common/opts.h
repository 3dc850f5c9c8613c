/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_OPTS_H
#define DR_OPTS_H

#include <inttypes.h>
#include <stdint.h>

/*
 * Options are rows in a table (fio's pattern): the parser, --help and the
 * checks in tests/integration/man-options.sh all read the same rows, so an
 * option cannot exist without help text and a man page entry.
 */
struct dr_option {
	const char *name; /* long name, without "--" */
	int key;          /* short option character, or a value >= 256 */
	const char *arg;  /* metavariable ("DIR"), or NULL for a flag */
	const char *help; /* one line */
};

#define DR_OPT_END { NULL, 0, NULL, NULL }

/* Keys of the options every subcommand accepts. */
enum {
	DR_OPT_HELP = 'h',
	DR_OPT_VERBOSE = 'v',
	DR_OPT_QUIET = 'q',
	DR_OPT_EXIT_CODES = 0x1000,
};

/* Returns 0, or a dr_exit code after printing a one-line error. */
typedef int (*dr_opt_handler)(void *ctx, int key, const char *arg);

/*
 * Parses argv[1..] of subcommand cmd ("probe").  Handles the common options
 * itself.  Returns 0 with *first_operand set, DR_EXIT_USAGE (or the
 * handler's code) on error, or -1 when --help was printed.
 */
int dr_parse_options(const char *cmd, const char *usage,
		     const struct dr_option *opts, int argc, char **argv,
		     dr_opt_handler handler, void *ctx, int *first_operand);

void dr_print_help(const char *cmd, const char *usage,
		   const struct dr_option *opts);

/*
 * Value checkers: on bad input print "daxrace CMD: --OPT: ..." and
 * return DR_EXIT_USAGE.  Numbers are plain decimal: digits only, no sign,
 * no leading zero, no 0x, no exponent ("010" is refused, not read as 8).
 */
#define DR_INT_RANGE_FMT "a decimal integer from %" PRIu64 " to %" PRIu64
int dr_parse_u64(const char *opt, const char *arg, uint64_t min, uint64_t max,
		 uint64_t *out);
/* DIGITS[.DIGITS] with optional suffix ms, s, m, h or d (none: seconds);
 * result in nanoseconds. */
int dr_parse_duration(const char *opt, const char *arg, uint64_t min_ns,
		      uint64_t max_ns, uint64_t *out_ns);
/* "10ms to 7d": a range of durations as --help, errors and man pages
 * word it (the largest unit that divides each end). */
const char *dr_format_range(uint64_t min_ns, uint64_t max_ns, char *buf, size_t len);
/* choices is NULL-terminated; *out is the index. */
int dr_parse_choice(const char *opt, const char *arg,
		    const char *const *choices, int *out);

#endif
