// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "actors/pvm_lib.h"
#include "common/util.h"

/*
 * process_vm_readv/writev against a forked child: the child inherits the
 * victim's shared mapping at the same address, so the call pins the
 * victim's pages through the child's page tables (remote GUP:
 * pin_user_pages_remote), a path with its own release
 * (unpin_user_pages_dirty_lock), not the bio's.
 *
 * process_vm_rw_single_vec() in mm/process_vm_access.c pins up to
 * PVM_MAX_USER_PAGES (1024 with 4 KiB pages; a window is at most 255 + 1)
 * of one remote iovec, drops the child's mmap lock, and only then copies
 * page by page to or from the local iovecs; it unpins after the copy.  Our
 * first local iovec is the stall page, so the copy faults there at once,
 * in our own mm, with every remote page pinned: the holder resolves the
 * fault after the layout change, and the whole copy happens after it.
 * Remote: the child's [window][its private copy of the stall page], one
 * iovec (two would be pinned one after the other).  Local: [stall page]
 * [bounce + one page, len - one page].
 */
struct dr_pvm {
	pid_t child;
	int wake_fd;  /* the child exits when this closes (or we die) */
	char *bounce; /* len bytes: what the child's range holds, page 0 first */
};

/*
 * A child that only waits: all signals blocked (a terminal's ^C is ours to
 * handle), every inherited descriptor but its pipe closed, and gone once
 * the pipe's write end closes, even when we are killed.  Only
 * async-signal-safe calls between fork and _exit: we are threaded.
 */
static pid_t fork_idle_child(int *wake_fd)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int err = errno;

		close(p[0]);
		close(p[1]);
		return -err;
	}
	if (pid == 0) {
		sigset_t all;

		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		if (p[0] != 3 && dup2(p[0], 3) < 0)
			_exit(1);
		if (syscall(SYS_close_range, 4u, ~0u, 0u) < 0)
			for (int fd = 4; fd < 4096; fd++)
				close(fd);
		while (read(3, &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(p[0]);
	*wake_fd = p[1];
	return pid;
}

static void end_child(pid_t pid, int wake_fd)
{
	kill(pid, SIGKILL);
	close(wake_fd);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/*
 * Whether we may use the calls on a child at all: CONFIG_CROSS_MEMORY_ATTACH,
 * and the ptrace access check (Yama's ptrace_scope 2 and 3 refuse even a
 * parent without CAP_SYS_PTRACE).  A call on ourselves would not tell:
 * ptrace_may_access() always lets a thread group at its own memory.
 */
int dr_pvm_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	static char probe = 1;
	char got = 0;
	struct iovec local = { &got, 1 }, remote = { &probe, 1 };
	int wake_fd, err = 0;
	pid_t pid;

	(void)env;
	pid = fork_idle_child(&wake_fd);
	if (pid < 0) {
		snprintf(why, len, "cannot fork a child to read: %s",
			 strerror((int)-pid));
		return (int)pid;
	}
	errno = 0;
	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != 1)
		err = errno ? errno : EIO;
	end_child(pid, wake_fd);
	if (err == ENOSYS)
		snprintf(why, len, "process_vm_readv: not in this kernel (CONFIG_CROSS_MEMORY_ATTACH)");
	else if (err == EPERM)
		snprintf(why, len, "process_vm_readv on our own child refused: EPERM (kernel.yama.ptrace_scope?)");
	else if (err)
		snprintf(why, len, "process_vm_readv on a child: %s", strerror(err));
	return -err;
}

int dr_pvm_setup(struct dr_actor_job *aj, bool to_child, char *why, size_t len)
{
	struct dr_pvm *p = calloc(1, sizeof(*p));

	if (!p || posix_memalign((void **)&p->bounce, DR_PAGE_SIZE, aj->len)) {
		free(p);
		snprintf(why, len, "out of memory for the bounce buffer");
		return -ENOMEM;
	}
	/* The partner's data, for pvm-write to carry into the victim. */
	if (to_child && pread(aj->partner_fd, p->bounce, aj->len, aj->partner_off) !=
	    (ssize_t)aj->len) {
		int err = errno ? errno : EIO;

		snprintf(why, len, "reading the partner's range: %s", strerror(err));
		free(p->bounce);
		free(p);
		return -err;
	}
	/* Set up before the stall page is registered with the uffd: the
	 * child's copy of that page is then an ordinary anonymous page. */
	p->child = fork_idle_child(&p->wake_fd);
	if (p->child < 0) {
		int err = (int)-p->child;

		snprintf(why, len, "cannot fork the child: %s", strerror(err));
		free(p->bounce);
		free(p);
		return -err;
	}
	aj->priv = p;
	if (to_child)
		aj->stall_src = p->bounce;
	else
		aj->moved = p->bounce;
	return 0;
}

void dr_pvm_teardown(struct dr_actor_job *aj)
{
	struct dr_pvm *p = aj->priv;

	if (!p)
		return;
	end_child(p->child, p->wake_fd);
	free(p->bounce);
	free(p);
	aj->priv = NULL;
	aj->moved = NULL;
	aj->stall_src = NULL;
}

ssize_t dr_pvm_take(struct dr_actor_job *aj, bool to_child)
{
	struct dr_pvm *p = aj->priv;
	char *stall = (char *)aj->buf + aj->dax_len;
	struct iovec local[2] = {
		{ stall, DR_PAGE_SIZE },
		{ p->bounce + DR_PAGE_SIZE, aj->len - DR_PAGE_SIZE },
	};
	struct iovec remote = { aj->buf, aj->len };
	ssize_t n;

	n = to_child ? process_vm_writev(p->child, local, 2, &remote, 1, 0) :
		       process_vm_readv(p->child, local, 2, &remote, 1, 0);
	if (n < 0)
		return -errno;
	/* The victim's first page landed in the stall page, which the engine
	 * re-arms before the next round: keep it beside the rest. */
	if (!to_child)
		memcpy(p->bounce, stall, DR_PAGE_SIZE);
	return n;
}
