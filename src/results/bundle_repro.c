// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The minimal reproducer a known issue names ("reproducer =
 * tests/repro/NAME.c" in vm/known-issues), for the bundle.  The
 * sources are installed in $(pkgdatadir)/repro (tests/vm/local.mk); run
 * from the build tree they are in the source tree.  Only the file name is
 * taken from result.json, so a crafted entry cannot make the bundle copy
 * some other file of the machine.
 */
#include <string.h>
#include <unistd.h>

#include "results/bundle.h"
#include "results/report.h"

void dr_bundle_find_repro(struct dr_bundle *b)
{
	static const char *const dirs[] = {
		DR_PKGDATADIR "/repro",  /* installed */
		DR_SRCDIR "/tests/repro", /* run from the build tree */
	};
	const char *named = dr_json_str(b->issue, "reproducer", NULL), *base;
	size_t n;

	b->repro[0] = b->repro_missing[0] = '\0';
	if (!named || !*named)
		return;
	base = strrchr(named, '/');
	base = base ? base + 1 : named;
	n = strlen(base);
	if (n < 3 || n >= sizeof(b->repro) || strcmp(base + n - 2, ".c") || *base == '.' ||
	    strspn(base, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != n) {
		snprintf(b->repro_missing, sizeof(b->repro_missing),
			 "'%s' is not a reproducer's file name (NAME.c)", named);
		return;
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(b->repro_src, sizeof(b->repro_src), "%s/%s", dirs[i], base);
		if (!access(b->repro_src, R_OK)) {
			snprintf(b->repro, sizeof(b->repro), "%s", base);
			return;
		}
	}
	snprintf(b->repro_missing, sizeof(b->repro_missing), "%s: not found in %s or %s",
		 named, dirs[0], dirs[1]);
}
