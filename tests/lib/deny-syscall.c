// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LD_PRELOAD shim for tests: one system call fails in this process, as it
 * does where a kernel lacks it, a sysctl or a seccomp policy refuses it.
 * A seccomp filter, not a wrapper of a libc function: liburing makes its
 * system calls itself (inline, not through syscall(3)), so only the
 * kernel's side can refuse them all.
 *
 * DENY_SYSCALL names the call (default io_uring_setup: io_uring_setup,
 * process_vm_readv, setsockopt, io_uring_register); DENY_ERRNO=EPERM or ENOPROTOOPT gives that
 * instead of ENOSYS.  futex_wake is special: a shared FUTEX_WAKE (op 1,
 * not the private ones daxrace's threads use) returns 0 without waking
 * anybody, a wake that cannot find its waiter.
 */
#include "config.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/futex.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

static const struct {
	const char *name;
	unsigned int nr;
	int arg1;  /* the call only with this second argument, or -1 */
} deniable[] = {
	{ "io_uring_setup", __NR_io_uring_setup, -1 },
	{ "process_vm_readv", __NR_process_vm_readv, -1 },
	{ "setsockopt", __NR_setsockopt, -1 },
	{ "io_uring_register", __NR_io_uring_register, -1 },
	{ "futex_wake", __NR_futex, FUTEX_WAKE },
};

void dr_deny_syscall_init(void) __attribute__((constructor));

void dr_deny_syscall_init(void)
{
	const char *e = getenv("DENY_ERRNO"), *name = getenv("DENY_SYSCALL");
	unsigned int err = !e ? ENOSYS : !strcmp(e, "EPERM") ? EPERM :
			   !strcmp(e, "ENOPROTOOPT") ? ENOPROTOOPT : ENOSYS;
	unsigned int nr = ~0u;
	int arg1 = -1;

	if (!name)
		name = "io_uring_setup";
	for (size_t i = 0; i < sizeof(deniable) / sizeof(deniable[0]); i++)
		if (!strcmp(deniable[i].name, name)) {
			nr = deniable[i].nr;
			arg1 = deniable[i].arg1;
		}
	if (arg1 >= 0)
		err = 0; /* "succeeds", having done nothing */
	/* A test that believed the shim active would test nothing: fail loudly. */
	if (nr == ~0u) {
		fprintf(stderr, "deny-syscall.so: DENY_SYSCALL=%s: not one it knows\n", name);
		_exit(125);
	}

	struct sock_filter f[] = {
#ifdef NATIVE_ARCH
		/* Another ABI's numbers mean other calls: let them be. */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
#endif
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 3),
		/* The low word of the second argument (little-endian). */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)arg1, 0,
			 arg1 >= 0 ? 1 : 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		fprintf(stderr, "deny-syscall.so: installing the seccomp filter: %s\n",
			strerror(errno));
		_exit(125);
	}
}
