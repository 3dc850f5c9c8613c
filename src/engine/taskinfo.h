/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_TASKINFO_H
#define DR_TASKINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* What /proc/self/task/TID says about one of our threads. */
struct dr_task_state {
	char state;      /* R, S, D, ... from stat field 3 */
	char wchan[64];  /* symbol it sleeps in, "" or "0" when running */
};

int dr_task_state_read(pid_t tid, struct dr_task_state *out);
/*
 * Sleeping inside a system call (S or D with a wchan that is not our own
 * userspace wait), i.e. blocked in the kernel rather than running.
 */
bool dr_task_blocked_in_kernel(const struct dr_task_state *s);
/*
 * True when the thread sleeps in one of the NULL-terminated kernel
 * functions: its wchan names one, or (root only) a frame of its kernel
 * stack does.  wchan alone misses a wait under a helper (io_schedule()
 * called from submit_bio_wait()), which the stack shows.
 */
bool dr_task_waits_in(pid_t tid, const struct dr_task_state *st,
		      const char *const *funcs);

/*
 * The io-wq workers io_uring started for thread owner: threads of this
 * process named "iou-wrk-OWNER".  Up to max tids in tids; returns how many
 * there are (may exceed max), or -errno.
 */
int dr_task_iowq_workers(pid_t owner, pid_t *tids, size_t max);
/*
 * Evidence for LIVE: stack (root only), wchan, syscall and stat of the
 * thread, each under a heading, then the same of each of its io-wq
 * workers.  Returns a malloc'd string.
 */
char *dr_task_capture(pid_t tid);

#endif
