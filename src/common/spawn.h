/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_SPAWN_H
#define DR_SPAWN_H

#include <sys/types.h>

/*
 * Runs a program (found in $PATH) with argv as it is: no shell, so a path
 * with spaces or quotes in it is one argument whatever it holds.  stdin
 * is /dev/null; stdout goes to out_fd (-1: inherited); stderr is
 * inherited, so the tool's own complaint reaches the user.
 * dr_spawn() returns 0 with *pid, or -errno (-ENOENT: no such program).
 * dr_spawn_wait() returns the exit status, 128 + N for signal N, or -errno.
 */
int dr_spawn(const char *const argv[], int out_fd, pid_t *pid);
int dr_spawn_wait(pid_t pid);

/* Both: the exit status, or -errno when it could not be started. */
int dr_spawn_run(const char *const argv[], int out_fd);

#endif
