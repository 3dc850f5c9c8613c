/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_KLOG_H
#define DR_KLOG_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Reads the kernel log through /dev/kmsg: each read() returns one record
 * "prio,seq,usec,flags;message".  A reader opened at the start of a
 * scenario sees exactly the records logged after it.
 */
struct dr_klog;

/* Opens /dev/kmsg positioned at its end.  On failure returns -errno and a
 * reason ("/dev/kmsg: Permission denied"). */
int dr_klog_open(struct dr_klog **out, char *why, size_t len);
/* Wraps an already open, non-blocking record source (takes fd over): a
 * /dev/kmsg opened elsewhere, or a SOCK_SEQPACKET pair in unit tests. */
int dr_klog_open_fd(struct dr_klog **out, int fd);
/* Writes "daxrace: TEXT" into the kernel log (needs write access); -errno. */
int dr_klog_mark(struct dr_klog *k, const char *text);
/*
 * Reads every record available now, appends the message text of each (one
 * per line) to the reader's buffer.  Returns the number of records, -errno.
 * A lost-records gap (EPIPE) is noted in the text, not an error.
 */
int dr_klog_collect(struct dr_klog *k);
/* How many times records were overwritten before we read them (EPIPE). */
unsigned int dr_klog_lost(const struct dr_klog *k);
/* All text collected so far (NUL-terminated), one "[sec.usec] msg" line
 * per record; continuation fragments are merged into one line. */
const char *dr_klog_text(const struct dr_klog *k);
/* Lines of the collected text that match a failure pattern, one per line,
 * malloc'd (NULL if none).  Only kernel records (facility 0) count, so
 * messages injected from user space (our markers too) never match. */
char *dr_klog_failures(const struct dr_klog *k);
void dr_klog_close(struct dr_klog *k);

struct dr_verdict_sink;
/*
 * The KLOG oracle's judgement: collects what is pending, then records one
 * KLOG violation carrying the failure lines and the log from the first of
 * them on, or sets PASS/SKIP with the reason.  Returns the number of
 * failure lines.  Exposed so tests can judge canned records.
 */
int dr_klog_judge(struct dr_klog *k, struct dr_verdict_sink *sink);

/* Parses one raw /dev/kmsg record; returns a pointer to the message text
 * inside rec (NULL if malformed).  Exposed for unit tests. */
const char *dr_klog_record_message(const char *rec, size_t len, size_t *msg_len);
/* Returns the failure pattern this message matches, or NULL. */
const char *dr_klog_match_failure(const char *msg);

#endif
