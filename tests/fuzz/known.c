// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the known-issues file (vm/known-issues) through
 * dr_known_parse_buffer, the parser behind --known-issues, and its
 * matcher.  The input is the file, then optionally a NUL byte and query
 * lines "RELEASE,FS,SCENARIO,ORACLE[,TEXT]" (as --match-known takes them;
 * "\n" in TEXT is a newline).  Every query is put to dr_known_match, and
 * to dr_known_classify as a run whose one scenario failed that oracle with
 * TEXT as its violation; every parsed entry is also asked about its own
 * fields, so that the matching path is reached without a lucky query.
 */
#include "config.h"

#include <stdio.h>

#include "engine/engine.h"
#include "known/known.h"
#include "fuzz.h"

static int oracle_index(const char *name)
{
	for (int o = 0; o < DR_ORACLE_COUNT; o++)
		if (!strcmp(dr_oracles[o]->name, name))
			return o;
	return -1;
}

/* The run a FAIL of oracle in scenario with this violation text makes. */
static void classify(const struct dr_known_issues *ki, const char *release,
		     const char *fs, const char *scenario, const char *oracle,
		     char *text)
{
	struct dr_scenario_result sc;
	struct dr_run_result res;
	struct dr_violation v;
	struct dr_known_verdict *kv;
	char *nl = text ? strchr(text, '\n') : NULL;
	int o = oracle_index(oracle);

	if (o < 0)
		return;
	memset(&sc, 0, sizeof(sc));
	memset(&res, 0, sizeof(res));
	memset(&v, 0, sizeof(v));
	snprintf(sc.name, sizeof(sc.name), "%s", scenario);
	sc.status = DR_STATUS_FAIL;
	sc.oracles.verdict[o] = DR_VERDICT_FAIL;
	if (text) {
		v.oracle = o;
		if (nl)
			*nl = '\0';
		snprintf(v.summary, sizeof(v.summary), "%s", text);
		v.evidence = nl ? nl + 1 : NULL;
		sc.oracles.violations = &v;
		sc.oracles.nr_violations = 1;
	}
	res.scenarios = &sc;
	res.nr_scenarios = 1;
	kv = dr_known_classify(ki, &res, release, fs);
	if (kv) {
		dr_known_group_exit(&res, kv, DR_EXIT_BUG, false);
		free(kv);
	}
	if (nl)
		*nl = '\n';
}

/* "a,b,c,d,rest": the last field takes the rest, as --match-known. */
static void query(const struct dr_known_issues *ki, char *q)
{
	static char empty[1];
	char *f[5] = { q, empty, empty, empty, empty }, *c = q, kernel[64];
	const struct dr_known_issue *e;

	for (int i = 1; i < 5 && (c = strchr(c, ',')); i++) {
		*c++ = '\0';
		f[i] = c;
	}
	for (c = f[4]; (c = strstr(c, "\\n")); c++) {
		c[0] = '\n';
		memmove(c + 1, c + 2, strlen(c + 2) + 1);
	}
	dr_known_kernel(f[0], f[1], kernel, sizeof(kernel));
	dr_known_vercmp(f[0], kernel);
	e = dr_known_match(ki, f[0], f[1], f[2], f[3], *f[4] ? f[4] : NULL);
	if (e && (e < ki->issues || e >= ki->issues + ki->nr))
		abort();
	classify(ki, f[0], f[1], f[2], f[3], *f[4] ? f[4] : NULL);
}

/* Each entry asked about its own fields (its glob and regex stand in for
 * the scenario and the text, so a match is likely but not certain). */
static void self_match(const struct dr_known_issues *ki)
{
	for (size_t i = 0; i < ki->nr; i++) {
		const struct dr_known_issue *e = &ki->issues[i];
		const char *rel = *e->kernel_lo ? e->kernel_lo : "0";
		const char *fs = e->any_fs ? "ext4" : e->fs[0];
		char text[256];

		snprintf(text, sizeof(text), "%s", e->evidence ? e->evidence : "");
		dr_fuzz_plant(e->id);
		dr_known_match(ki, rel, fs ? fs : "", e->scenario, e->oracle,
			       *text ? text : NULL);
		dr_known_vercmp(e->kernel_lo, e->kernel_hi);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const uint8_t *nul = memchr(data, '\0', len);
	size_t flen = nul ? (size_t)(nul - data) : len;
	struct dr_known_issues ki;
	char *queries = NULL, *line, *save = NULL;

	dr_fuzz_reset();
	if (dr_known_parse_buffer(&ki, "known-issues", (const char *)data, flen))
		return 0;
	self_match(&ki);
	if (nul)
		queries = dr_fuzz_strndup(nul + 1, len - flen - 1);
	for (line = queries ? strtok_r(queries, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save))
		query(&ki, line);
	free(queries);
	dr_known_free(&ki);
	return 0;
}
