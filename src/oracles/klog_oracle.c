// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLOG: the kernel logs a BUG, WARNING, Oops, bad page state, refcount
 * saturation, stall or hung task while a scenario runs.  Many page
 * lifetime bugs are caught by the kernel's own checks (the 4.18 fix was
 * found through a WARN in dax_disassociate_entry()) long before they
 * corrupt data, so this is often the first oracle to fire.
 *
 * Needs /dev/kmsg: root, or kernel.dmesg_restrict=0 for reading.  When it
 * cannot be opened the oracle is SKIPPED with the reason.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"
#include "oracles/klog.h"
#include "oracles/oracle.h"

/* Collect now and then during the scenario, so a long run does not let
 * the printk ring overwrite records before the end reads them. */
#define KLOG_COLLECT_EVERY 256

/* Evidence: the matching lines, then the log from the first of them on. */
#define KLOG_CONTEXT_MAX (32u << 10)

static int klog_begin(const struct dr_oracle_env *env,
		      struct dr_verdict_sink *sink, void **state)
{
	struct dr_klog *k;
	char why[192], mark[64];
	int err;

	*state = NULL;
	err = dr_klog_open(&k, why, sizeof(why));
	if (err) {
		dr_verdict_set(sink, DR_ORACLE_KLOG, DR_VERDICT_SKIP, "%s", why);
		return 0;
	}
	snprintf(mark, sizeof(mark), "scenario start (pid %d)", (int)getpid());
	err = dr_klog_mark(k, mark);
	dr_verdict_set(sink, DR_ORACLE_KLOG, DR_VERDICT_PASS,
		       "watched /dev/kmsg: no kernel failure record%s",
		       err ? " (read-only: no markers written)" : "");
	*state = k;
	return 0;
}

static void klog_round(void *state, const struct dr_oracle_env *env,
		       const struct dr_round *r, struct dr_verdict_sink *sink)
{
	if (state && r->index % KLOG_COLLECT_EVERY == 0)
		dr_klog_collect(state);
}

/* The first line of s, at most len - 1 bytes of it. */
static void first_line(const char *s, char *buf, size_t len)
{
	size_t n = strcspn(s, "\n");

	if (n >= len)
		n = len - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

static char *klog_evidence(const char *failures, const char *text)
{
	size_t flen = strlen(failures), clen, len;
	const char *from;
	char line[512];
	char *ev;

	/* The kernel's report starts at the first failing line: show from there. */
	first_line(failures, line, sizeof(line));
	from = strstr(text, line);
	if (!from)
		from = text;
	clen = strlen(from);
	if (clen > KLOG_CONTEXT_MAX)
		clen = KLOG_CONTEXT_MAX;
	len = flen + clen + 64;
	ev = malloc(len);
	if (!ev)
		return NULL;
	snprintf(ev, len, "%s--- kernel log from there ---\n%.*s", failures,
		 (int)clen, from);
	return ev;
}

int dr_klog_judge(struct dr_klog *k, struct dr_verdict_sink *sink)
{
	char *failures, *ev;
	char first[200];
	int err, nr = 0;

	err = dr_klog_collect(k);
	failures = dr_klog_failures(k);
	if (!failures) {
		if (err < 0)
			dr_verdict_set(sink, DR_ORACLE_KLOG, DR_VERDICT_SKIP,
				       "reading /dev/kmsg: %s", strerror(-err));
		else if (dr_klog_lost(k))
			dr_verdict_set(sink, DR_ORACLE_KLOG, DR_VERDICT_PASS,
				       "no kernel failure record, but records were overwritten %u time%s before they were read",
				       dr_klog_lost(k), dr_plural(dr_klog_lost(k)));
		return 0;
	}
	for (const char *p = failures; *p; p++)
		nr += *p == '\n';
	ev = klog_evidence(failures, dr_klog_text(k));
	first_line(failures, first, sizeof(first));
	dr_violation_add(sink, DR_ORACLE_KLOG, UINT64_MAX, ev,
			 "kernel logged %d failure line%s: %s", nr,
			 dr_plural((uint64_t)nr), first);
	free(ev);
	free(failures);
	return nr;
}

static void klog_end(void *state, const struct dr_oracle_env *env,
		     struct dr_verdict_sink *sink)
{
	struct dr_klog *k = state;

	if (!k)
		return;
	/* Also finalizes the kernel's last record, see dr_klog_mark(). */
	dr_klog_mark(k, "scenario end");
	dr_klog_judge(k, sink);
	dr_klog_close(k);
}

const struct dr_oracle_ops dr_oracle_KLOG = {
	.name = "KLOG",
	.summary = "the kernel logs BUG/WARNING/Oops/Bad page state/refcount/stall/hung task during the scenario",
	.begin = klog_begin,
	.round = klog_round,
	.end = klog_end,
};
