// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine/priv.h"

/*
 * One userfaultfd per job, reused for every round.  It must take faults
 * raised by the kernel itself (GUP inside the actor's I/O): so no
 * UFFD_USER_MODE_ONLY and no UFFD_FEATURE_SIGBUS, either of which turns the
 * GUP into -EFAULT instead of a wait (handle_userfault in fs/userfaultfd.c
 * returns VM_FAULT_SIGBUS for those; userfaultfd_syscall_allowed() only lets
 * CAP_SYS_PTRACE or vm.unprivileged_userfaultfd=1 create kernel-mode ones).
 */
#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC_NEW _IO(0xAA, 0x00)
#endif

bool dr_uffd_denied(int err)
{
	/* EPERM: userfaultfd_syscall_allowed() said no; ENOSYS: no syscall
	 * (CONFIG_USERFAULTFD off, or filtered by seccomp). */
	return err == -EPERM || err == -ENOSYS;
}

int dr_uffd_open(int *out, char *why, size_t len)
{
	struct uffdio_api api = { .api = UFFD_API, .features = 0 };
	int fd, dev, err;

	/* O_NONBLOCK: userfaultfd_poll() answers EPOLLERR for a blocking uffd,
	 * and the holder polls it together with the actor's eventfd. */
	fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	err = errno;
	if (fd < 0 && (err == EPERM || err == ENOSYS)) {
		/* /dev/userfaultfd (6.1+) grants kernel-mode faults to whoever
		 * may open it, independently of the sysctl. */
		dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
		if (dev >= 0) {
			fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC | O_NONBLOCK);
			if (fd < 0 && errno != EPERM)
				err = errno;
			close(dev);
		} else if (errno != ENOENT && errno != EACCES && errno != EPERM) {
			err = errno; /* out of descriptors, say, not of rights */
		}
	}
	if (fd < 0 && dr_uffd_denied(-err)) {
		snprintf(why, len, "userfaultfd with kernel-mode faults: %s (need root, vm.unprivileged_userfaultfd=1 or /dev/userfaultfd)",
			 strerror(err));
		return -err;
	}
	if (fd < 0) {
		/* Not a question of privilege (EMFILE, ENOMEM): the environment
		 * failed, and "need root" would send root the wrong way. */
		snprintf(why, len, "userfaultfd: %s", strerror(err));
		return -err;
	}
	if (ioctl(fd, UFFDIO_API, &api) < 0) {
		err = errno;
		snprintf(why, len, "UFFDIO_API: %s", strerror(err));
		close(fd);
		return -err;
	}
	*out = fd;
	return 0;
}

int dr_uffd_register_missing(int uffd, void *addr, size_t len)
{
	struct uffdio_register reg = {
		.range = { .start = (uint64_t)(uintptr_t)addr, .len = len },
		.mode = UFFDIO_REGISTER_MODE_MISSING,
	};

	return ioctl(uffd, UFFDIO_REGISTER, &reg) < 0 ? -errno : 0;
}

int dr_uffd_read_fault(int uffd, uint64_t *addr)
{
	struct uffd_msg msg;
	ssize_t n;

	for (;;) {
		n = read(uffd, &msg, sizeof(msg));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno; /* -EAGAIN: nothing queued (non-blocking) */
		if (n != sizeof(msg))
			return -EIO;
		if (msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		*addr = msg.arg.pagefault.address;
		return 0;
	}
}

int dr_uffd_copy(int uffd, void *dst, const void *src, size_t len)
{
	struct uffdio_copy c = {
		.dst = (uint64_t)(uintptr_t)dst,
		.src = (uint64_t)(uintptr_t)src,
		.len = len,
		.mode = 0, /* wake the faulting thread: that releases the GUP */
	};

	for (;;) {
		if (ioctl(uffd, UFFDIO_COPY, &c) == 0)
			return 0;
		if (errno == EAGAIN && c.copy == 0)
			continue; /* raced with a mapping change; retry whole */
		return -errno;
	}
}

int dr_uffd_rearm(void *addr, size_t len)
{
	/* Zaps the anonymous PTE: the next touch is a MISSING fault again. */
	return madvise(addr, len, MADV_DONTNEED) < 0 ? -errno : 0;
}

void dr_uffd_unblock(int uffd, void *addr, size_t len)
{
	struct uffdio_zeropage z = {
		.range = { .start = (uint64_t)(uintptr_t)addr, .len = len },
	};
	struct uffdio_range r = z.range;

	if (ioctl(uffd, UFFDIO_ZEROPAGE, &z) < 0)
		ioctl(uffd, UFFDIO_WAKE, &r);
}
