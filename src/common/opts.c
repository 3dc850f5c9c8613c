// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
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

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, sopt, lo, NULL)) != -1) {
		if (c == '?') {
			if (optopt)
				dr_err("unknown option '-%c'", optopt);
			else
				dr_err("unknown option '%s'", argv[optind - 1]);
			goto usage_hint;
		}
		if (c == ':') {
			dr_err("option '%s' needs a value", argv[optind - 1]);
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

int dr_parse_u64(const char *opt, const char *arg, uint64_t min, uint64_t max,
		 uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (!isdigit((unsigned char)*arg) || errno || *end || v < min || v > max) {
		dr_err("--%s: '%s' is not an integer from %" PRIu64 " to %" PRIu64,
		       opt, arg, min, max);
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
	};
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (!errno && end != arg && v >= 0 && isdigit((unsigned char)*arg)) {
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
	dr_err("--%s: '%s' is not a duration from %.3gs to %.3gs (suffix ms, s, m or h)",
	       opt, arg, min_ns / 1e9, max_ns / 1e9);
	return DR_EXIT_USAGE;
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
