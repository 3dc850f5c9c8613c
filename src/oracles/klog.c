// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel log reader for the KLOG oracle, on /dev/kmsg.
 *
 * Relies on the /dev/kmsg ABI (Documentation/ABI/testing/dev-kmsg,
 * kernel/printk/printk.c devkmsg_read()/devkmsg_llseek()):
 *  - each read() returns exactly one record, "prio,seq,usec,flags;text\n"
 *    followed by optional " KEY=value\n" dictionary lines; a buffer smaller
 *    than the record gets -EINVAL (records are at most CONSOLE_EXT_LOG_MAX,
 *    8 KiB), so we read into a larger one;
 *  - lseek(fd, 0, SEEK_END) positions after the last record, so a reader
 *    opened at scenario start sees only what the scenario caused;
 *  - with O_NONBLOCK, -EAGAIN means no record is pending;
 *  - -EPIPE means records were overwritten before we read them; the
 *    position has moved to the oldest one still available, so reading on
 *    is correct and only the gap must be reported;
 *  - non-printable bytes in the text are escaped as \xNN, so one record is
 *    one line;
 *  - the flags field is '-', or 'c' for a fragment that a '+' record
 *    continues (rare since 5.10, but older kernels emit them);
 *  - user space cannot log with facility 0 (devkmsg_write() forces
 *    LOG_USER), so facility 0 identifies the kernel itself.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/util.h"
#include "oracles/klog.h"

#define KLOG_RECORD_MAX (16u << 10) /* > CONSOLE_EXT_LOG_MAX */
#define KLOG_LINE_MAX (8u << 10)
/* Bounds memory when the kernel floods the log (a WARN per round). */
#define KLOG_TEXT_MAX (1u << 20)
#define KLOG_FAIL_MAX (64u << 10)

struct klog_buf {
	char *s;
	size_t len, cap, max;
	bool truncated;
};

struct dr_klog {
	int fd;
	unsigned int lost;
	struct klog_buf text, fail;
	/* The logical line being assembled from a 'c' fragment and its '+'s. */
	char line[KLOG_LINE_MAX];
	size_t line_len;
	bool line_open;   /* last record was a 'c' fragment */
	bool line_kernel; /* facility 0 */
	char rec[KLOG_RECORD_MAX + 1];
};

/*
 * Failure patterns, most specific first so the report names the real
 * cause ("kernel BUG at" rather than "BUG:").  Case matters: these are the
 * kernel's own prefixes (lib/bug.c, kernel/panic.c __warn(), mm/page_alloc.c
 * bad_page(), lib/refcount.c, arch/x86/kernel/traps.c, lib/list_debug.c,
 * lib/ubsan.c, mm/kasan/report.c, kernel/watchdog.c, kernel/rcu/tree_stall.h,
 * kernel/hung_task.c, lib/dump_stack.c).
 */
static const char *const failure_patterns[] = {
	"kernel BUG at",
	"Bad page state",
	"refcount_t:",
	"general protection fault",
	"list_del corruption",
	"UBSAN",
	"KASAN",
	"soft lockup",
	"rcu_sched self-detected stall",
	"rcu_preempt detected stalls",
	"rcu: INFO",
	"blocked for more than",
	"Oops",
	"WARNING:",
	"BUG:",
	"Call Trace",
};

const char *dr_klog_match_failure(const char *msg)
{
	for (size_t i = 0; i < DR_ARRAY_SIZE(failure_patterns); i++)
		if (strstr(msg, failure_patterns[i]))
			return failure_patterns[i];
	return NULL;
}

struct klog_record {
	unsigned long prio;
	unsigned long long usec;
	char flags;
	const char *msg;
	size_t msg_len;
};

static bool parse_record(const char *rec, size_t len, struct klog_record *r)
{
	const char *semi = memchr(rec, ';', len);
	const char *p = rec, *nl;
	char *end;
	int field = 0;

	if (!semi || semi == rec)
		return false;
	r->flags = '-';
	r->usec = 0;
	/* prio,seq,usec,flags[,future fields];  unknown fields are ignored */
	while (p < semi) {
		const char *comma = memchr(p, ',', (size_t)(semi - p));
		const char *fend = comma ? comma : semi;

		if (field < 3 && fend == p)
			return false; /* prio, seq and usec are never empty */

		switch (field) {
		case 0:
			r->prio = strtoul(p, &end, 10);
			if (end != fend)
				return false;
			break;
		case 1:
			strtoull(p, &end, 10);
			if (end != fend)
				return false;
			break;
		case 2:
			r->usec = strtoull(p, &end, 10);
			if (end != fend)
				return false;
			break;
		case 3:
			if (fend > p)
				r->flags = *p;
			break;
		}
		field++;
		p = fend + 1;
	}
	if (field < 3)
		return false;
	r->msg = semi + 1;
	nl = memchr(r->msg, '\n', len - (size_t)(r->msg - rec));
	r->msg_len = nl ? (size_t)(nl - r->msg) : len - (size_t)(r->msg - rec);
	return true;
}

const char *dr_klog_record_message(const char *rec, size_t len, size_t *msg_len)
{
	struct klog_record r;

	if (!parse_record(rec, len, &r))
		return NULL;
	if (msg_len)
		*msg_len = r.msg_len;
	return r.msg;
}

static void buf_append(struct klog_buf *b, const char *s, size_t n)
{
	static const char cut[] = "[daxrace: kernel log truncated here]\n";
	size_t need;

	if (b->truncated)
		return;
	if (b->len + n + sizeof(cut) > b->max) {
		s = cut;
		n = sizeof(cut) - 1;
		b->truncated = true;
	}
	need = b->len + n + 1;
	if (need > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *ns;

		while (cap < need)
			cap *= 2;
		ns = realloc(b->s, cap);
		if (!ns) {
			b->truncated = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void line_flush(struct dr_klog *k)
{
	if (!k->line_len)
		return;
	k->line[k->line_len] = '\0';
	buf_append(&k->text, k->line, k->line_len);
	buf_append(&k->text, "\n", 1);
	if (k->line_kernel && dr_klog_match_failure(k->line)) {
		buf_append(&k->fail, k->line, k->line_len);
		buf_append(&k->fail, "\n", 1);
	}
	k->line_len = 0;
	k->line_open = false;
}

static void line_add(struct dr_klog *k, const char *s, size_t n)
{
	size_t room = sizeof(k->line) - 1 - k->line_len;

	if (n > room)
		n = room;
	memcpy(k->line + k->line_len, s, n);
	k->line_len += n;
}

static void klog_record(struct dr_klog *k, const char *rec, size_t len)
{
	struct klog_record r;
	char stamp[48];
	int n;

	if (!parse_record(rec, len, &r))
		return;
	if (!(k->line_open && r.flags == '+')) {
		line_flush(k);
		n = snprintf(stamp, sizeof(stamp), "[%5llu.%06llu] ",
			     r.usec / 1000000, r.usec % 1000000);
		line_add(k, stamp, (size_t)n);
		k->line_kernel = (r.prio >> 3) == 0;
	}
	line_add(k, r.msg, r.msg_len);
	k->line_open = r.flags == 'c';
	if (!k->line_open)
		line_flush(k);
}

int dr_klog_open_fd(struct dr_klog **out, int fd)
{
	struct dr_klog *k = calloc(1, sizeof(*k));

	if (!k)
		return -ENOMEM;
	k->fd = fd;
	k->text.max = KLOG_TEXT_MAX;
	k->fail.max = KLOG_FAIL_MAX;
	buf_append(&k->text, "", 0);
	*out = k;
	return 0;
}

int dr_klog_open(struct dr_klog **out, char *why, size_t len)
{
	int fd, err;

	/* Writing the markers needs write access; reading alone still judges. */
	fd = open("/dev/kmsg", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && (errno == EACCES || errno == EPERM))
		fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		snprintf(why, len, "/dev/kmsg: %s%s", strerror(-err),
			 err == -EPERM ? " (kernel.dmesg_restrict needs CAP_SYSLOG)" : "");
		return err;
	}
	if (lseek(fd, 0, SEEK_END) < 0) {
		err = -errno;
		snprintf(why, len, "/dev/kmsg: seek to end: %s", strerror(-err));
		goto err_close;
	}
	err = dr_klog_open_fd(out, fd);
	if (err) {
		snprintf(why, len, "/dev/kmsg: %s", strerror(-err));
		goto err_close;
	}
	return 0;
err_close:
	close(fd);
	return err;
}

int dr_klog_mark(struct dr_klog *k, const char *text)
{
	char line[512];
	int n;

	/*
	 * <13>: facility LOG_USER (1 << 3) | LOG_NOTICE (5).  The newline
	 * matters: vprintk_store() finalizes a record (prb_final_commit())
	 * only when it ends in one; an unterminated record stays invisible
	 * to readers until the next record is logged.  Conversely, writing
	 * the end marker finalizes whatever the kernel logged last, so
	 * collecting after it sees everything.
	 */
	n = snprintf(line, sizeof(line), "<13>daxrace: %s\n", text);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	/* One write() is one record (devkmsg_write()). */
	if (write(k->fd, line, (size_t)n) < 0)
		return -errno;
	return 0;
}

int dr_klog_collect(struct dr_klog *k)
{
	int records = 0;

	for (;;) {
		ssize_t n = read(k->fd, k->rec, KLOG_RECORD_MAX);

		if (n > 0) {
			k->rec[n] = '\0';
			klog_record(k, k->rec, (size_t)n);
			records++;
			continue;
		}
		if (n == 0 || errno == EAGAIN)
			break;
		if (errno == EINTR)
			continue;
		if (errno == EPIPE) {
			static const char gap[] =
				"[daxrace: kernel log records lost (overwritten before read)]\n";

			line_flush(k);
			buf_append(&k->text, gap, sizeof(gap) - 1);
			k->lost++;
			continue;
		}
		line_flush(k);
		return -errno;
	}
	/* A fragment left open here becomes its own line; if its '+' comes
	 * later it starts a new one, which only costs readability. */
	line_flush(k);
	return records;
}

unsigned int dr_klog_lost(const struct dr_klog *k)
{
	return k->lost;
}

const char *dr_klog_text(const struct dr_klog *k)
{
	return k->text.s ? k->text.s : "";
}

char *dr_klog_failures(const struct dr_klog *k)
{
	if (!k->fail.len)
		return NULL;
	return strdup(k->fail.s);
}

void dr_klog_close(struct dr_klog *k)
{
	if (!k)
		return;
	if (k->fd >= 0)
		close(k->fd);
	free(k->text.s);
	free(k->fail.s);
	free(k);
}
