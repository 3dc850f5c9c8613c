// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The shipped vm/known-issues against the texts daxrace really writes.
 * An entry's evidence regex is written against a violation's summary and
 * evidence; when the wording of a summary changes ("2 failure line(s)"
 * became "2 failure lines"), every entry written against the old wording
 * stops matching and a known kernel issue is reported as a new one.  Here
 * the KLOG oracle judges the kernel lines each KLOG entry was written
 * from (copied from the guests' dmesg), and the entry must claim the
 * result, and only for its kernels.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "known/known.h"
#include "oracles/klog.h"
#include "oracles/oracle.h"
#include "tap.h"

static const struct {
	const char *id;       /* the entry that must claim it */
	const char *kernel;   /* a kernel inside its range */
	const char *outside;  /* one outside, where nothing may claim it */
	const char *fs, *scenario;
	const char *records[4]; /* /dev/kmsg records, "LEVEL,SEQ,USEC,-;MSG" */
} cases[] = {
	{ "dax-write-invalidate-mapped-warn", "7.3.4", "6.18.15", "ext4", "dio-write.punch.none",
	  { "4,900,51437152,-;WARNING: fs/dax.c:452 at dax_disassociate_entry.isra.0+0x9c/0xc0, CPU#0: daxrace/194\n",
	    "4,901,51437160,-;Call Trace:\n", "4,902,51437161,-; <TASK>\n" } },
	{ "dax-write-invalidate-mapped-warn", "7.3.4", "6.12.117", "xfs", "dio-write.zero+write.none",
	  { "4,900,3000000,-;WARNING: CPU: 1 PID: 311 at fs/dax.c:452 dax_disassociate_entry.isra.0+0x9c/0xc0\n",
	    "4,901,3000010,-;Call Trace:\n" } },
	{ "dax-write-invalidate-mapped-warn", "7.3.4", "6.18.15", "ext4", "uring-write.punch+zap+remap+fork.none",
	  { "4,900,51437152,-;WARNING: fs/dax.c:452 at dax_disassociate_entry.isra.0+0x9c/0xc0, CPU#1: daxrace/201\n",
	    "4,901,51437160,-;Call Trace:\n" } },
	{ "dax-write-invalidate-mapped-warn", "7.3.4", "6.18.15", "xfs", "zerocopy.punch+zap+remap+fork.none",
	  { "4,900,166877185,-;WARNING: fs/dax.c:452 at dax_disassociate_entry.isra.0+0x9c/0xc0, CPU#0: daxrace/566\n",
	    "4,901,166886389,-;Call Trace:\n" } },
	{ "dax-write-invalidate-mapped-warn", "7.3.4", "6.12.117", "ext4", "uring-send-zc.truncate+zero+write+wrprotect.none",
	  { "4,900,42193270,-;WARNING: fs/dax.c:452 at dax_disassociate_entry.isra.0+0x9c/0xc0, CPU#0: daxrace/271\n",
	    "4,901,42208742,-;Call Trace:\n" } },
	{ "evict-busy-page-warn", "6.1.192", "7.3.4", "ext4", "dio-read.unlink.uffd",
	  { "4,900,8417116,-;WARNING: CPU: 0 PID: 163 at fs/dax.c:398 dax_disassociate_entry+0x87/0xb0\n",
	    "4,901,8418100,-;RIP: 0010:dax_disassociate_entry+0x87/0xb0\n",
	    "4,902,8418101,-;Call Trace:\n" } },
	{ "bio-mixed-pgmap-warn", "6.18.15", "6.12.117", "ext4", "dio-read.punch.uffd",
	  { "4,900,2000000,-;WARNING: CPU: 0 PID: 201 at block/bio.c:1258 bio_iov_iter_get_pages+0x3f1/0x4b0\n",
	    "4,901,2000010,-;Call Trace:\n" } },
};

/*
 * LIVE texts as the watchdog writes them ("SUMMARY\nEVIDENCE"), copied
 * from Debian 7.3.4 guests (the "completed only once" one has no
 * evidence); a mutator's name may hold a hyphen.  TAG texts as
 * bystander.c and verify.c word them (a freed block's reuse, never seen
 * in a guest: the wording is the engine's).
 */
static const struct {
	const char *id, *kernel, *outside, *fs, *scenario, *oracle, *text;
} live_cases[] = {
	{ "evict-busy-page-reuse", "6.1.192", "7.3.4", "ext4", "dio-read.unlink.uffd", "TAG",
	  "bystander bystander-7-112 block 3 (offset 12288): FOREIGN: a block it owns holds other data\n"
	  "expected file 0x700006 block 3 gen 1\n" },
	{ "evict-busy-page-reuse", "6.1.192", "7.3.4", "xfs", "dio-write.unlink.uffd", "TAG",
	  "partner of job 1 block 10 (offset 40960): FOREIGN, the I/O did not carry the victim's data as of pin time\n" },
	{ "dax-break-layout-refault", "7.3.4", "6.12.117", "xfs", "futex.madv-remove.none", "LIVE",
	  "free-running madv-remove after the actors drained (tid 197) still blocked 30.000 s after its blocker was gone\n"
	  "thread 197\n== /proc/self/task/197/stack ==\n[<0>] xfs_wait_dax_page+0x23/0x40 [xfs]\n"
	  "[<0>] dax_break_layout+0xf2/0x140\n[<0>] xfs_break_layouts+0x88/0xd0 [xfs]\n"
	  "[<0>] __xfs_file_fallocate+0x64/0x630 [xfs]\n[<0>] vfs_fallocate+0x165/0x390\n"
	  "[<0>] madvise_vma_behavior+0x44c/0xa60\n" },
	{ "dax-break-layout-refault", "7.3.4", "6.12.117", "xfs", "futex.madv-remove.none", "LIVE",
	  "madv-remove completed only once daxrace unmapped its own mapping of the range: a page faulted back in during the layout-break wait kept it asleep" },
	{ "dax-break-layout-refault", "7.3.4", "6.12.117", "ext4", "futex.punch.none", "LIVE",
	  "free-running punch after the actors drained (tid 201) still blocked 30.000 s after its blocker was gone\n"
	  "thread 201\n== /proc/self/task/201/stack ==\n[<0>] ext4_wait_dax_page+0x1b/0x40\n"
	  "[<0>] dax_break_layout+0xf2/0x140\n" },
};

/* The KLOG violation text ("SUMMARY\nEVIDENCE") of these records. */
static char *judge(const char *const *records)
{
	struct dr_verdict_sink sink;
	struct dr_klog *k;
	char *text = NULL;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv) < 0)
		return NULL;
	if (dr_klog_open_fd(&k, sv[0])) {
		close(sv[0]);
		close(sv[1]);
		return NULL;
	}
	for (unsigned int i = 0; i < 4 && records[i]; i++)
		if (write(sv[1], records[i], strlen(records[i])) < 0)
			break;
	memset(&sink, 0, sizeof(sink));
	dr_verdict_set(&sink, DR_ORACLE_KLOG, DR_VERDICT_PASS, "watching");
	if (dr_klog_judge(k, &sink) > 0 && sink.nr_violations == 1)
		text = dr_known_text(sink.violations[0].summary, sink.violations[0].evidence);
	dr_verdict_sink_free(&sink);
	dr_klog_close(k);
	close(sv[1]);
	return text;
}

int main(void)
{
	const char *srcdir = getenv("top_srcdir");
	struct dr_known_issues ki = { 0 };
	char path[4096];

	snprintf(path, sizeof(path), "%s/vm/known-issues", srcdir ? srcdir : ".");
	tap_ok(dr_known_load(&ki, path) == 0, "the shipped %s loads", path);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = judge(cases[i].records);
		const struct dr_known_issue *e, *out;

		tap_ok(text != NULL, "KLOG fires on the %s lines", cases[i].id);
		e = dr_known_match(&ki, cases[i].kernel, cases[i].fs, cases[i].scenario,
				   "KLOG", text);
		tap_ok(e && !strcmp(e->id, cases[i].id), "%s %s %s: claimed by %s (got %s)",
		       cases[i].kernel, cases[i].fs, cases[i].scenario, cases[i].id,
		       e ? e->id : "none");
		out = dr_known_match(&ki, cases[i].outside, cases[i].fs, cases[i].scenario,
				     "KLOG", text);
		tap_ok(!out || strcmp(out->id, cases[i].id),
		       "... and not on %s, outside its kernels", cases[i].outside);
		if (!e)
			tap_diag("text:\n%s", text ? text : "(none)");
		free(text);
	}
	for (size_t i = 0; i < sizeof(live_cases) / sizeof(live_cases[0]); i++) {
		const struct dr_known_issue *e, *out;

		e = dr_known_match(&ki, live_cases[i].kernel, live_cases[i].fs,
				   live_cases[i].scenario, live_cases[i].oracle, live_cases[i].text);
		tap_ok(e && !strcmp(e->id, live_cases[i].id), "%s %s %s %s (%.24s...): claimed by %s (got %s)",
		       live_cases[i].kernel, live_cases[i].fs, live_cases[i].scenario,
		       live_cases[i].oracle, live_cases[i].text, live_cases[i].id,
		       e ? e->id : "none");
		out = dr_known_match(&ki, live_cases[i].outside, live_cases[i].fs,
				     live_cases[i].scenario, live_cases[i].oracle, live_cases[i].text);
		tap_ok(!out || strcmp(out->id, live_cases[i].id),
		       "... and not on %s, outside its kernels", live_cases[i].outside);
	}
	/* The reuse entry takes a foreign tag where a freed block's new owner
	 * or the device shows it, never a wrong block in the victim itself. */
	tap_ok(!dr_known_match(&ki, "6.1.192", "ext4", "dio-read.unlink.uffd", "TAG",
			       "victim victim-0 block 2 (offset 8192): FOREIGN, not the data the mutator put in the range's place\n"),
	       "6.1.192 unlink: a foreign block in the victim is not claimed, a new failure");
	dr_known_free(&ki);
	tap_plan(tap_count);
	return tap_exit();
}
