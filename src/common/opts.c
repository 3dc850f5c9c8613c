// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "common/opts.h"

static const struct dr_option common_opts[] = {
	{ "help", DR_OPT_HELP, NULL, "show this help and exit" },
	{ "verbose", DR_OPT_VERBOSE, NULL, "more detail on stderr (repeatable)" },
	{ "quiet", DR_OPT_QUIET, NULL, "errors only on stderr" },
	{ "exit-codes", DR_OPT_EXIT_CODES, "STYLE",
	  "daxrace (default) or automake: skip exits 77, errors 99" },
	DR_OPT_END,
};

static size_t count_opts(const struct dr_option *o)
{
	size_t n = 0;

	while (o && o[n].name)
		n++;
	return n;
}

static void print_rows(const struct dr_option *o)
{
	for (; o && o->name; o++) {
		char left[64], shortname[8] = "    ";

		if (o->key < 256)
			snprintf(shortname, sizeof(shortname), "-%c, ", o->key);
		snprintf(left, sizeof(left), "%s--%s%s%s", shortname, o->name,
			 o->arg ? " " : "", o->arg ? o->arg : "");
		printf("  %-26s %s\n", left, o->help);
	}
}

void dr_print_help(const char *cmd, const char *usage,
		   const struct dr_option *opts)
{
	printf("usage: daxrace %s %s\n\noptions:\n", cmd, usage);
	print_rows(opts);
	print_rows(common_opts);
	printf("\nThe manual page daxrace-%s(1) documents every option "
	       "(daxrace help %s).\n", cmd, cmd);
}

static void add_rows(struct option *lo, size_t *n, char *sopt, size_t *ns,
		     const struct dr_option *o)
{
	for (; o && o->name; o++) {
		lo[*n] = (struct option){ o->name,
					  o->arg ? required_argument : no_argument,
					  NULL, o->key };
		(*n)++;
		if (o->key < 256) {
			sopt[(*ns)++] = (char)o->key;
			if (o->arg)
				sopt[(*ns)++] = ':';
		}
	}
}

/* word is "--NAME" or "--NAME=VALUE". */
static bool exact_name(const char *word, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(word, "--", 2) && !strncmp(word + 2, name, n) &&
	       (!word[2 + n] || word[2 + n] == '=');
}

/*
 * getopt_long's '?': an unknown short or long option, or a flag given a
 * value ("--strict=yes"), for which it sets optopt to the option's key.
 */
static void unknown_option(const char *word, const struct option *lo, int opt)
{
	if (strncmp(word, "--", 2)) {
		dr_err("unknown option '-%c'", isprint(opt) ? opt : '?');
		return;
	}
	for (; lo->name; lo++)
		if (lo->has_arg == no_argument && strchr(word, '=') &&
		    exact_name(word, lo->name)) {
			dr_err("option --%s takes no value (given '%s')", lo->name, word);
			return;
		}
	dr_err("unknown option '%.*s'", (int)strcspn(word, "="), word);
}

int dr_parse_options(const char *cmd, const char *usage,
		     const struct dr_option *opts, int argc, char **argv,
		     dr_opt_handler handler, void *ctx, int *first_operand)
{
	size_t total = count_opts(opts) + count_opts(common_opts);
	struct option *lo = calloc(total + 1, sizeof(*lo));
	char *sopt = calloc(2 * total + 3, 1);
	size_t n = 0, ns = 0;
	int ret = 0, c;

	if (!lo || !sopt) {
		free(lo);
		free(sopt);
		dr_err("out of memory");
		return DR_EXIT_ENV;
	}
	sopt[ns++] = '+'; /* stop at the first operand, like git */
	sopt[ns++] = ':'; /* we print our own messages */
	add_rows(lo, &n, sopt, &ns, opts);
	add_rows(lo, &n, sopt, &ns, common_opts);

	/*
	 * 0, not 1: glibc then also drops the scanner's place inside a
	 * cluster of short options ("-vxh" stopped at x) that a previous
	 * parse left, which would otherwise resume in that old argv.
	 */
	optind = 0;
	opterr = 0;
	for (;;) {
		/* Long options cannot be bundled: the one getopt_long reads
		 * is the word at optind when it starts (1 for the 0 above). */
		int at = optind ? optind : 1, idx = -1;
		const char *word;

		c = getopt_long(argc, argv, sopt, lo, &idx);
		if (c == -1)
			break;
		word = at < argc ? argv[at] : "";
		if (c == '?') {
			unknown_option(word, lo, optopt);
			goto usage_hint;
		}
		if (c == ':') {
			dr_err("option '%s' needs a value", argv[optind - 1]);
			goto usage_hint;
		}
		/* getopt_long takes any unambiguous prefix ("--dur" for
		 * --duration); daxrace takes exact names only, so that a name
		 * added later cannot change what an old command line means. */
		if (idx >= 0 && !exact_name(word, lo[idx].name)) {
			dr_err("unknown option '%.*s' (did you mean --%s?)",
			       (int)strcspn(word, "="), word, lo[idx].name);
			goto usage_hint;
		}
		switch (c) {
		case DR_OPT_HELP:
			dr_print_help(cmd, usage, opts);
			ret = -1;
			goto out;
		case DR_OPT_VERBOSE:
			dr_log_level++;
			break;
		case DR_OPT_QUIET:
			dr_log_level = DR_LOG_ERR;
			break;
		case DR_OPT_EXIT_CODES:
			if (dr_set_exit_style(optarg)) {
				dr_err("--exit-codes: '%s' is not one of: daxrace, automake",
				       optarg);
				ret = DR_EXIT_USAGE;
				goto out;
			}
			break;
		default:
			ret = handler(ctx, c, optarg);
			if (ret)
				goto out;
		}
	}
	*first_operand = optind;
	goto out;

usage_hint:
	fprintf(stderr, "Try 'daxrace %s --help'.\n", cmd);
	ret = DR_EXIT_USAGE;
out:
	free(lo);
	free(sopt);
	return ret;
}

/*
 * Plain decimal: digits only, no sign, no leading zero.  strtoull(.., 0)
 * read "010" as 8 and "0x10" as 16, and strtod took "1e1" and "0x10":
 * a number on a command line or in a workload means what it reads as.
 */
static bool plain_decimal(const char *s, size_t n)
{
	if (!n || (s[0] == '0' && n > 1))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

int dr_parse_u64(const char *opt, const char *arg, uint64_t min, uint64_t max,
		 uint64_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = plain_decimal(arg, strlen(arg)) ? strtoull(arg, &end, 10) : 0;
	if (!plain_decimal(arg, strlen(arg)) || errno || v < min || v > max) {
		dr_err("--%s: '%s' is not " DR_INT_RANGE_FMT, opt, arg, min, max);
		return DR_EXIT_USAGE;
	}
	*out = v;
	return 0;
}

int dr_parse_duration(const char *opt, const char *arg, uint64_t min_ns,
		      uint64_t max_ns, uint64_t *out_ns)
{
	static const struct { const char *suffix; double ns; } units[] = {
		{ "", 1e9 }, { "s", 1e9 }, { "ms", 1e6 }, { "m", 60e9 }, { "h", 3600e9 },
		{ "d", 86400e9 },
	};
	size_t whole = strspn(arg, "0123456789"), frac = 0;
	const char *end = arg + whole;
	char range[64];

	/* DIGITS[.DIGITS]SUFFIX; "0.5s" and "10ms", not "1e1" or "0x10". */
	if (*end == '.') {
		frac = strspn(end + 1, "0123456789");
		end += 1 + frac;
	}
	if (plain_decimal(arg, whole) && (arg[whole] != '.' || frac)) {
		double v = strtod(arg, NULL);

		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			double ns = v * units[i].ns;

			if (strcmp(end, units[i].suffix))
				continue;
			if (ns < (double)min_ns || ns > (double)max_ns)
				break;
			*out_ns = (uint64_t)ns;
			return 0;
		}
	}
	dr_err("--%s: '%s' is not a duration from %s (a decimal number and ms, s, m, h or d)",
	       opt, arg, dr_format_range(min_ns, max_ns, range, sizeof(range)));
	return DR_EXIT_USAGE;
}

/* The largest unit that divides t exactly: 10ms, 100ms, 7d. */
static void format_ns(uint64_t t, char *buf, size_t len)
{
	static const struct { const char *suffix; uint64_t ns; } units[] = {
		{ "d", 86400000000000ull }, { "h", 3600000000000ull },
		{ "m", 60000000000ull }, { "s", 1000000000ull }, { "ms", 1000000ull },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (t && !(t % units[i].ns)) {
			snprintf(buf, len, "%llu%s", (unsigned long long)(t / units[i].ns),
				 units[i].suffix);
			return;
		}
	snprintf(buf, len, "%lluns", (unsigned long long)t);
}

const char *dr_format_range(uint64_t min_ns, uint64_t max_ns, char *buf, size_t len)
{
	char lo[24], hi[24];

	format_ns(min_ns, lo, sizeof(lo));
	format_ns(max_ns, hi, sizeof(hi));
	snprintf(buf, len, "%s to %s", lo, hi);
	return buf;
}

int dr_parse_choice(const char *opt, const char *arg,
		    const char *const *choices, int *out)
{
	char list[512] = "";

	for (int i = 0; choices[i]; i++) {
		if (!strcmp(arg, choices[i])) {
			*out = i;
			return 0;
		}
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i ? ", " : "", choices[i]);
	}
	dr_err("--%s: '%s' is not one of: %s", opt, arg, list);
	return DR_EXIT_USAGE;
}
