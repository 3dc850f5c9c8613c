// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * KLOG on canned /dev/kmsg records: parsing (dictionary lines, future
 * fields, malformed records), the failure patterns against real kernel
 * lines, and the reader fed through a SOCK_SEQPACKET pair, which keeps
 * record boundaries like /dev/kmsg does: fragments are merged, user-space
 * records never count, and the KLOG evidence is built from what matched.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oracles/klog.h"
#include "oracles/oracle.h"
#include "tap.h"

static const struct {
	const char *line, *pattern;
} lines[] = {
	{ "WARNING: CPU: 1 PID: 4242 at fs/dax.c:398 dax_disassociate_entry+0x5c/0x70", "WARNING:" },
	{ "kernel BUG at mm/filemap.c:1562!", "kernel BUG at" },
	{ "BUG: Bad page state in process daxrace  pfn:108e00", "Bad page state" },
	{ "refcount_t: underflow; use-after-free.", "refcount_t:" },
	{ "general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP NOPTI", "general protection fault" },
	{ "list_del corruption. prev->next should be ffff8881, but was dead000000000100", "list_del corruption" },
	{ "UBSAN: shift-out-of-bounds in fs/dax.c:88:20", "UBSAN" },
	{ "BUG: KASAN: use-after-free in dax_iomap_rw+0x1c4/0x3a0", "KASAN" },
	{ "watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [daxrace:311]", "soft lockup" },
	{ "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:", "rcu_preempt detected stalls" },
	{ "rcu: INFO: rcu_sched self-detected stall on CPU", "rcu_sched self-detected stall" },
	{ "INFO: task daxrace:977 blocked for more than 120 seconds.", "blocked for more than" },
	{ "Oops: 0002 [#1] PREEMPT SMP PTI", "Oops" },
	{ "BUG: unable to handle page fault for address: ffffea0004238000", "BUG:" },
	{ "Call Trace:", "Call Trace" },
	{ " <TASK>", NULL },
	{ "EXT4-fs (pmem0): mounted filesystem 2c0e0e-... r/w with ordered data mode. Quota mode: none.", NULL },
	{ "XFS (pmem0): DAX enabled. Warning: EXPERIMENTAL, use at your own risk", NULL },
	{ "NET: Registered PF_INET6 protocol family", NULL },
	{ "------------[ cut here ]------------", NULL },
};

static void send_rec(int fd, const char *rec)
{
	if (write(fd, rec, strlen(rec)) < 0)
		tap_diag("write: %s", strerror(errno));
}

int main(void)
{
	const char *msg;
	size_t len;
	struct dr_verdict_sink sink;
	struct dr_klog *k;
	char *fail, *ev, why[160], mark[64];
	int sv[2], n, ok = 1;

	/* Record parsing */
	static const char dict[] =
		"7,160,424069,-;pci_root PNP0A03:00: host bridge window [io  0x0000-0x0cf7] (ignored)\n"
		" SUBSYSTEM=acpi\n DEVICE=+acpi:PNP0A03:00\n";
	msg = dr_klog_record_message(dict, sizeof(dict) - 1, &len);
	tap_ok(msg && len == strlen("pci_root PNP0A03:00: host bridge window [io  0x0000-0x0cf7] (ignored)") &&
	       !strncmp(msg, "pci_root", 8),
	       "record with dictionary lines: message is the first line only");
	static const char plain[] = "6,339,5140900,-;NET: Registered protocol family 10\n";
	msg = dr_klog_record_message(plain, sizeof(plain) - 1, &len);
	tap_ok(msg && len == 34 && !strncmp(msg, "NET: Registered protocol family 10", len),
	       "plain record");
	msg = dr_klog_record_message("4,12,99,-,caller=T42;WARNING: x\n", 32, &len);
	tap_ok(msg && len == 10 && !strncmp(msg, "WARNING: x", 10),
	       "unknown future fields before ';' are ignored");
	tap_ok(!dr_klog_record_message("no separator here\n", 18, &len),
	       "record without ';' is malformed");
	tap_ok(!dr_klog_record_message("x,1,2,-;text\n", 13, &len),
	       "record with a non-numeric priority is malformed");
	tap_ok(!dr_klog_record_message("6,1;text\n", 9, &len),
	       "record with too few fields is malformed");
	msg = dr_klog_record_message("6,1,2,-;", 8, &len);
	tap_ok(msg && len == 0, "empty message");

	/* Patterns */
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *p = dr_klog_match_failure(lines[i].line);

		if (!(p == lines[i].pattern ||
		      (p && lines[i].pattern && !strcmp(p, lines[i].pattern)))) {
			tap_diag("\"%s\" -> %s, want %s", lines[i].line,
				 p ? p : "(none)", lines[i].pattern ? lines[i].pattern : "(none)");
			ok = 0;
		}
	}
	tap_ok(ok, "%zu kernel lines classified by their most specific pattern",
	       sizeof(lines) / sizeof(lines[0]));

	/* The reader, on canned records */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv) < 0) {
		tap_ok(0, "socketpair: %s", strerror(errno));
		tap_plan(tap_count);
		return tap_exit();
	}
	tap_ok(dr_klog_open_fd(&k, sv[0]) == 0, "reader on a SOCK_SEQPACKET pair");
	send_rec(sv[1], "6,100,1000000,-;EXT4-fs (pmem0): mounted filesystem with ordered data mode\n"
			" SUBSYSTEM=block\n DEVICE=b259:0\n");
	send_rec(sv[1], "12,101,1000100,-;daxrace: WARNING: BUG: written from user space\n");
	send_rec(sv[1], "4,102,2000000,-;------------[ cut here ]------------\n");
	send_rec(sv[1], "4,103,2000001,-;WARNING: CPU: 1 PID: 4242 at fs/dax.c:398 dax_disassociate_entry+0x5c/0x70\n"
			" SUBSYSTEM=dax\n");
	send_rec(sv[1], "4,104,2000002,c;BUG: Bad page\n");
	send_rec(sv[1], "4,105,2000003,+; state in process daxrace  pfn:108e00\n");
	send_rec(sv[1], "6,106,2000004,-;page dumped because: nonzero _refcount\n");
	n = dr_klog_collect(k);
	tap_ok(n == 7, "collect read every pending record and stopped at EAGAIN (%d)", n);
	tap_diag("text:\n%s", dr_klog_text(k));
	tap_ok(strstr(dr_klog_text(k), "[    1.000000] EXT4-fs (pmem0): mounted filesystem with ordered data mode\n") &&
	       !strstr(dr_klog_text(k), "SUBSYSTEM="),
	       "text has timestamped messages, no dictionary lines");
	tap_ok(strstr(dr_klog_text(k), "BUG: Bad page state in process daxrace  pfn:108e00\n") != NULL,
	       "a 'c' fragment and its '+' continuation are one line");
	fail = dr_klog_failures(k);
	tap_ok(fail && strstr(fail, "WARNING: CPU: 1 PID: 4242 at fs/dax.c:398") &&
	       strstr(fail, "BUG: Bad page state in process daxrace"),
	       "failures: the WARN and the merged bad-page line");
	tap_ok(fail && !strstr(fail, "user space") && !strstr(fail, "cut here") &&
	       !strstr(fail, "nonzero _refcount"),
	       "failures: user-space records never count, benign lines do not match");
	tap_diag("failures:\n%s", fail ? fail : "(none)");
	free(fail);
	tap_ok(dr_klog_collect(k) == 0, "nothing pending: collect returns 0");
	tap_ok(dr_klog_lost(k) == 0, "no records lost");

	/* The oracle's judgement on these records. */
	send_rec(sv[1], "4,107,2000005,-;Call Trace:\n");
	send_rec(sv[1], "4,108,2000006,-; <TASK>\n");
	send_rec(sv[1], "4,109,2000007,-; dax_disassociate_entry+0x5c/0x70\n");
	memset(&sink, 0, sizeof(sink));
	dr_verdict_set(&sink, DR_ORACLE_KLOG, DR_VERDICT_PASS, "watching");
	n = dr_klog_judge(k, &sink);
	tap_ok(n == 3 && sink.verdict[DR_ORACLE_KLOG] == DR_VERDICT_FAIL &&
	       sink.nr_violations == 1,
	       "KLOG fires on the canned WARN, bad page and Call Trace (%d lines): %s",
	       n, sink.reason[DR_ORACLE_KLOG]);
	tap_ok(sink.nr_violations &&
	       !strncmp(sink.violations[0].summary, "kernel logged 3 failure lines: ", 31),
	       "summary counts the lines in words: %s",
	       sink.nr_violations ? sink.violations[0].summary : "(none)");
	ev = sink.nr_violations ? sink.violations[0].evidence : NULL;
	tap_ok(ev && strstr(ev, "--- kernel log from there ---") &&
	       strstr(ev, "dax_disassociate_entry+0x5c/0x70\n") &&
	       strstr(ev, "<TASK>") && !strstr(ev, "mounted filesystem"),
	       "evidence: the failure lines, then the log from the first one on");
	tap_diag("%s", ev ? ev : "(none)");
	dr_verdict_sink_free(&sink);
	dr_klog_close(k);
	close(sv[1]);

	tap_ok(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv) == 0 &&
	       dr_klog_open_fd(&k, sv[0]) == 0, "a second, quiet reader");
	send_rec(sv[1], "6,1,5,-;EXT4-fs (pmem0): unmounting filesystem.\n");
	memset(&sink, 0, sizeof(sink));
	dr_verdict_set(&sink, DR_ORACLE_KLOG, DR_VERDICT_PASS, "watching");
	tap_ok(dr_klog_judge(k, &sink) == 0 && !dr_klog_failures(k) &&
	       sink.verdict[DR_ORACLE_KLOG] == DR_VERDICT_PASS && !sink.nr_violations,
	       "KLOG does not fire on a quiet log");
	dr_verdict_sink_free(&sink);
	dr_klog_close(k);
	close(sv[1]);

	/* The real /dev/kmsg: markers go in, and come back out of the reader. */
	if (dr_klog_open(&k, why, sizeof(why))) {
		tap_skip("marker round trip through /dev/kmsg", why);
		tap_skip("KLOG oracle begin/end on the real log", why);
	} else {
		snprintf(mark, sizeof(mark), "klog_test %d", (int)getpid());
		n = dr_klog_mark(k, mark);
		dr_klog_collect(k);
		if (n)
			tap_skip("marker round trip through /dev/kmsg", "/dev/kmsg is read-only here");
		else
			tap_ok(strstr(dr_klog_text(k), mark) != NULL,
			       "marker written to /dev/kmsg is read back after the seek to the end");
		dr_klog_close(k);

		{
			const struct dr_oracle_env env = { .dir = "/tmp", .root = true };
			const struct dr_oracle_ops *o = dr_oracles[DR_ORACLE_KLOG];
			void *state;

			memset(&sink, 0, sizeof(sink));
			o->begin(&env, &sink, &state);
			o->end(state, &env, &sink);
			/* PASS unless this kernel logged a failure meanwhile. */
			tap_ok(sink.verdict[DR_ORACLE_KLOG] == DR_VERDICT_PASS ||
			       (sink.verdict[DR_ORACLE_KLOG] == DR_VERDICT_FAIL && sink.nr_violations),
			       "KLOG oracle on the real log: %s (%s)",
			       dr_verdict_name(sink.verdict[DR_ORACLE_KLOG]),
			       sink.reason[DR_ORACLE_KLOG]);
			dr_verdict_sink_free(&sink);
		}
	}
	tap_plan(tap_count);
	return tap_exit();
}
