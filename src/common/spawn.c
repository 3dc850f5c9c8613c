// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Running an outside tool (gzip for /proc/config.gz, tar for the bug
 * bundle) by posix_spawnp(3) with an argument vector: a path from the
 * command line never passes through a shell, so nothing in it is ever
 * interpreted.  posix_spawn also stays safe in a process that has threads.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/spawn.h"

extern char **environ;

int dr_spawn(const char *const argv[], int out_fd, pid_t *pid)
{
	/* posix_spawnp's argv is char *const[] for history's sake only: the
	 * strings are not written to. */
	union {
		const char *const *in;
		char *const *out;
	} args = { .in = argv };
	posix_spawn_file_actions_t fa;
	int ret;

	ret = posix_spawn_file_actions_init(&fa);
	if (ret)
		return -ret;
	ret = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (!ret && out_fd >= 0 && out_fd != 1)
		ret = posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	if (!ret)
		ret = posix_spawnp(pid, argv[0], &fa, NULL, args.out, environ);
	posix_spawn_file_actions_destroy(&fa);
	return -ret;
}

int dr_spawn_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int dr_spawn_run(const char *const argv[], int out_fd)
{
	pid_t pid;
	int ret = dr_spawn(argv, out_fd, &pid);

	return ret ? ret : dr_spawn_wait(pid);
}
