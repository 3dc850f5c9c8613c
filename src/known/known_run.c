// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Known issues applied to a finished run: which file, which fs word, which
 * scenario is a known FAIL, and what that does to the exit status.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common/exitcode.h"
#include "common/input.h"
#include "common/log.h"
#include "common/util.h"
#include "known/known.h"

int dr_known_open(struct dr_known_issues *ki, const char *arg)
{
	static const char *const defaults[] = {
		DR_PKGDATADIR "/known-issues", /* installed (vm/local.mk) */
		DR_SRCDIR "/vm/known-issues",  /* run from the build tree */
	};
	const char *env = getenv("DAXRACE_KNOWN_ISSUES");
	char why[128];
	int ret;

	memset(ki, 0, sizeof(*ki));
	/* daxrace-vm names its copy in the guest this way. */
	if (!arg && env && *env)
		arg = env;
	if (arg && !strcmp(arg, DR_KNOWN_NONE)) {
		dr_info("known issues: none (--known-issues none)");
		return 0;
	}
	if (arg) {
		ret = dr_known_load(ki, arg);
		if (ret == -EINVAL)
			return DR_EXIT_USAGE;
		if (ret) {
			dr_err("--known-issues: cannot read '%s': %s", arg,
			       dr_input_strerror(ret, DR_INPUT_MAX_INI, why, sizeof(why)));
			/* Missing, or not a file daxrace reads: the user's to fix. */
			return ret == -ENOENT || ret == -ENOTDIR || ret == -EISDIR ||
			       ret == -ENXIO || ret == -EFBIG ? DR_EXIT_USAGE : DR_EXIT_ENV;
		}
		dr_info("known issues: %zu from %s", ki->nr, arg);
		return 0;
	}
	for (size_t i = 0; i < DR_ARRAY_SIZE(defaults); i++) {
		ret = dr_known_load(ki, defaults[i]);
		if (ret == -ENOENT)
			continue;
		if (ret == -EINVAL)
			return DR_EXIT_USAGE;
		if (ret) {
			dr_err("known issues: cannot read '%s': %s", defaults[i],
			       dr_input_strerror(ret, DR_INPUT_MAX_INI, why, sizeof(why)));
			return DR_EXIT_ENV;
		}
		dr_info("known issues: %zu from %s", ki->nr, defaults[i]);
		return 0;
	}
	dr_info("known issues: none (no %s, no %s): every FAIL counts as new",
		defaults[0], defaults[1]);
	return 0;
}

/*
 * sed 's/.* Debian \([0-9][0-9.]*[0-9]\).*\/\1/' in C: the last " Debian "
 * followed by a version, which is the longest run of digits and dots that
 * ends in a digit.
 */
void dr_known_kernel(const char *release, const char *version, char *out,
		     size_t len)
{
	static const char tag[] = " Debian ";
	const char *best = NULL, *p = version;
	size_t n = 0;

	while (p && (p = strstr(p, tag))) {
		const char *v = p + sizeof(tag) - 1;
		size_t k = strspn(v, "0123456789.");

		while (k && v[k - 1] == '.')
			k--;
		if (k >= 2 && v[0] != '.') {
			best = v;
			n = k;
		}
		p++;
	}
	if (best)
		snprintf(out, len, "%.*s", (int)n, best);
	else
		dr_strlcpy(out, release, len);
}

/*
 * FICLONE between two empty unnamed files in dir: xfs answers EOPNOTSUPP
 * before anything else when the superblock has no reflink, and with
 * reflink clones nothing and returns 0.  Old kernels that refuse to share
 * DAX data return EINVAL, also only after the reflink check.  Cheap, no
 * blocks allocated, nothing left behind, and no copy of XFS's geometry ABI.
 */
static bool has_reflink(const char *dir)
{
	int a = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600), b = -1;
	bool yes = false;

	if (a >= 0)
		b = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (b >= 0) {
		yes = !ioctl(b, FICLONE, a) || errno == EINVAL;
		if (!yes && errno != EOPNOTSUPP)
			dr_info("known issues: cannot tell whether %s has reflink "
				"(FICLONE: %s): matching it as xfs", dir, strerror(errno));
	} else {
		dr_info("known issues: cannot tell whether %s has reflink (O_TMPFILE: %s): "
			"matching it as xfs", dir, strerror(errno));
	}
	if (b >= 0)
		close(b);
	if (a >= 0)
		close(a);
	return yes;
}

void dr_known_fs_word(const char *dir, const char *fs_type, char *out, size_t len)
{
	if (!strcmp(fs_type, "xfs") && dir && has_reflink(dir))
		dr_strlcpy(out, "xfs-reflink", len);
	else
		dr_strlcpy(out, fs_type, len);
}

/*
 * Oracle o of scenario sc: each kept violation of it gets its entry in
 * viol[], and the oracle is known when every one matched.  Dropped
 * violations (or none kept) can only be vouched for by an entry that
 * asks for no text.  Returns the entry the oracle counts as, or NULL.
 */
static const struct dr_known_issue *
classify_oracle(const struct dr_known_issues *ki, const struct dr_scenario_result *sc,
		int o, const char *release, const char *fs,
		const struct dr_known_issue **viol)
{
	const struct dr_verdict_sink *vs = &sc->oracles;
	const struct dr_known_issue *first = NULL;
	const char *name = dr_oracles[o]->name;
	bool all = true, seen = false;

	for (size_t v = 0; v < vs->nr_violations; v++) {
		char *text;

		if (vs->violations[v].oracle != (enum dr_oracle_id)o)
			continue;
		seen = true;
		text = dr_known_text(vs->violations[v].summary, vs->violations[v].evidence);
		/* Out of memory: no text, so only an entry without evidence. */
		viol[v] = dr_known_match(ki, release, fs, sc->name, name, text);
		free(text);
		if (!first)
			first = viol[v];
		all &= viol[v] != NULL;
	}
	if (!seen || vs->violations_dropped) {
		const struct dr_known_issue *e = dr_known_match(ki, release, fs,
								sc->name, name, NULL);

		if (!first)
			first = e;
		all &= e != NULL;
	}
	return all ? first : NULL;
}

struct dr_known_verdict *dr_known_classify(const struct dr_known_issues *ki,
					   const struct dr_run_result *res,
					   const char *release, const char *fs)
{
	size_t n = res->nr_scenarios + 1, nv = 0;
	const struct dr_known_issue **viol;
	struct dr_known_verdict *kv;

	for (size_t i = 0; i < res->nr_scenarios; i++)
		nv += res->scenarios[i].oracles.nr_violations;
	/* One block, so that callers free() it as before.  The struct holds
	 * pointers: the array after it is aligned for them. */
	kv = calloc(1, n * sizeof(*kv) + nv * sizeof(*viol));
	if (!kv)
		return NULL;
	viol = (const struct dr_known_issue **)(kv + n);
	for (size_t i = 0; i < res->nr_scenarios; i++) {
		const struct dr_scenario_result *sc = &res->scenarios[i];
		bool any = false, all = true;

		kv[i].viol = viol;
		viol += sc->oracles.nr_violations;
		if (sc->status != DR_STATUS_FAIL)
			continue;
		for (int o = 0; o < DR_ORACLE_COUNT; o++) {
			if (sc->oracles.verdict[o] != DR_VERDICT_FAIL)
				continue;
			any = true;
			kv[i].issue[o] = classify_oracle(ki, sc, o, release, fs, kv[i].viol);
			all &= kv[i].issue[o] != NULL;
		}
		kv[i].known = any && all;
	}
	return kv;
}

int dr_known_group_exit(const struct dr_run_result *res,
			const struct dr_known_verdict *kv, int engine_exit,
			bool strict)
{
	bool bug = false, error = false, ran = false;

	if (engine_exit != DR_EXIT_BUG || strict || !kv)
		return engine_exit;
	for (size_t i = 0; i < res->nr_scenarios; i++) {
		switch (res->scenarios[i].status) {
		case DR_STATUS_FAIL:
			if (kv[i].known)
				ran = true;
			else
				bug = true;
			break;
		case DR_STATUS_ERROR:
			error = true;
			break;
		case DR_STATUS_PASS:
			ran = true;
			break;
		case DR_STATUS_SKIP:
			break;
		}
	}
	if (bug)
		return DR_EXIT_BUG;
	if (res->interrupted)
		return DR_EXIT_INTERRUPTED;
	if (error)
		return DR_EXIT_ENV;
	return ran ? DR_EXIT_PASS : DR_EXIT_SKIP;
}
