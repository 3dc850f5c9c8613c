// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * io_uring O_DIRECT from or to the partner, with the victim's mapped pages
 * as the buffer: the block layer pins them exactly as for pread/pwrite
 * (io_read/io_write -> the block device's ->read_iter/->write_iter ->
 * bio_iov_iter_get_pages), but from io_uring's submission path, the task
 * work that issues deferred requests, or an io-wq worker.  One ring per
 * job, reused by every round.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include "actors/uring_lib.h"
#include "common/util.h"

void dr_uring_split(unsigned int k, unsigned int depth, struct dr_uring_split *s)
{
	/*
	 * The last request must hold at least one victim page beside the
	 * anonymous page: it is the one whose GUP sleeps in the uffd fault,
	 * and with no victim page of its own nothing would stay referenced
	 * while the layout changes (the leading requests have completed by
	 * then, see take()).  So at most k requests, whatever the depth.
	 */
	if (!depth)
		depth = 1;
	if (!k)
		k = 1;
	s->n = depth < k ? depth : k;
	s->pages_each = k / s->n;
	s->last_pages = k - (s->n - 1) * s->pages_each;
}

unsigned int dr_uring_min_ios(const struct dr_uring_split *s)
{
	/*
	 * /sys/block/DEV/stat counts completed requests, and the block layer
	 * may merge the bios of the leading requests (adjacent sectors,
	 * submitted under one plug) into a single request: together they
	 * guarantee one.  The drained last request is issued only once they
	 * have completed, so it cannot merge with them: one more.  A request
	 * split into several bios only counts more.
	 */
	return s->n > 1 ? 2 : 1;
}

#ifdef HAVE_LIBURING
#include <liburing.h>

struct uring_job {
	struct io_uring ring;
	unsigned int entries;
};

/* "io_uring_queue_init: Operation not permitted (kernel.io_uring_disabled=2)" */
static void init_failed(int ret, char *why, size_t len)
{
	char sysctl[16] = "";
	long long disabled = 0;

	if (dr_read_file("/proc/sys/kernel/io_uring_disabled", sysctl,
			 sizeof(sysctl)) > 0)
		disabled = strtoll(sysctl, NULL, 10);
	if (ret == -EPERM && disabled > 0)
		snprintf(why, len, "io_uring_queue_init: %s (kernel.io_uring_disabled=%lld)",
			 strerror(-ret), disabled);
	else if (ret == -EPERM)
		snprintf(why, len, "io_uring_queue_init: %s (seccomp or LSM policy)",
			 strerror(-ret));
	else if (ret == -ENOSYS)
		snprintf(why, len, "io_uring_queue_init: %s (kernel without io_uring, or seccomp refuses io_uring_setup)",
			 strerror(-ret));
	else
		snprintf(why, len, "io_uring_queue_init: %s", strerror(-ret));
}

static int ring_init(struct uring_job *u, unsigned int entries, char *why,
		     size_t len)
{
	int ret = io_uring_queue_init(entries, &u->ring, 0);

	if (ret)
		init_failed(ret, why, len);
	u->entries = entries;
	return ret;
}

int dr_uring_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	struct uring_job u;
	int ret;

	/* The sysctl, seccomp and the kernel config decide at run time:
	 * only creating a ring tells. */
	ret = ring_init(&u, env->depth ? env->depth : 1, why, len);
	if (!ret)
		io_uring_queue_exit(&u.ring);
	return ret;
}

int dr_uring_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	struct uring_job *u = calloc(1, sizeof(*u));
	unsigned int depth = aj->depth ? aj->depth : 1;
	int ret;

	if (!u)
		return -ENOMEM;
	if (depth > DR_ACTOR_MAX_DEPTH)
		depth = DR_ACTOR_MAX_DEPTH;
	ret = ring_init(u, depth, why, len);
	if (ret) {
		free(u);
		return ret;
	}
	aj->priv = u;
	return 0;
}

void dr_uring_teardown(struct dr_actor_job *aj)
{
	struct uring_job *u = aj->priv;

	if (!u)
		return;
	io_uring_queue_exit(&u->ring);
	free(u);
	aj->priv = NULL;
}

/*
 * Reaps nr completions.  A signal interrupts the wait, not the I/O: the
 * requests still own the buffer, so keep waiting (nothing is re-issued).
 * res[i] gets request i's result.
 */
static int reap(struct io_uring *ring, unsigned int nr, int *res)
{
	for (unsigned int got = 0; got < nr;) {
		struct io_uring_cqe *cqe;
		int ret = io_uring_wait_cqe(ring, &cqe);

		if (ret == -EINTR)
			continue;
		if (ret)
			return ret;
		if (cqe->user_data < DR_ACTOR_MAX_DEPTH)
			res[cqe->user_data] = cqe->res;
		io_uring_cqe_seen(ring, cqe);
		got++;
	}
	return 0;
}

static void prep(struct io_uring_sqe *sqe, bool write, int fd, char *buf,
		 size_t bytes, off_t off, unsigned int i)
{
	if (write)
		io_uring_prep_write(sqe, fd, buf, (unsigned int)bytes, off);
	else
		io_uring_prep_read(sqe, fd, buf, (unsigned int)bytes, off);
	sqe->user_data = i;
}

/*
 * Request i moved only got of its bytes: issue the rest, one request at a
 * time, until it is done, fails or moves nothing.  A short completion is
 * legitimate O_DIRECT behaviour, and on fsdax it is the rule for the last
 * request: from 7.0 (12da89e8844a, iov_iter_extract_bvecs() in 7.3.4's
 * lib/iov_iter.c) a bio ends where the buffer's pages change pgmap, here
 * between the fsdax pages and the anonymous page, and the single-bio
 * async path (__blkdev_direct_IO_async, block/fops.c) completes with the
 * fsdax part alone, where pread's sync path finishes the rest through the
 * page cache (blkdev_read_iter).  The fsdax pages were pinned and their
 * I/O done in the first completion; the rest is the anonymous page, so
 * what each side holds afterwards is what one whole request leaves.
 */
static int finish_short(struct io_uring *ring, bool write, int fd, char *buf,
			size_t bytes, off_t off, unsigned int i, int *got)
{
	while (*got >= 0 && (size_t)*got < bytes) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
		int res[DR_ACTOR_MAX_DEPTH], ret;

		if (!sqe)
			return -EBUSY; /* cannot happen: the SQ is empty */
		prep(sqe, write, fd, buf + *got, bytes - (size_t)*got,
		     off + *got, i);
		ret = io_uring_submit(ring);
		if (ret < 0)
			return ret;
		res[i] = -ECANCELED;
		ret = reap(ring, 1, res);
		if (ret)
			return ret;
		if (res[i] <= 0) {
			if (res[i] < 0)
				*got = res[i];
			break;
		}
		*got += res[i];
	}
	return 0;
}

/* Request i's part of the buffer: its offset and its length. */
static void request_span(const struct dr_actor_job *aj, const struct dr_uring_split *s,
			 size_t page, unsigned int i, size_t *off, size_t *bytes)
{
	*off = (size_t)i * s->pages_each * page;
	*bytes = i + 1 < s->n ? s->pages_each * page : aj->len - *off;
}

/* The one way to drop SQEs the kernel did not consume: a fresh ring.
 * Without one, aj->priv is NULL and setup's error stands for the rest. */
static void ring_reset(struct dr_actor_job *aj, struct uring_job *u)
{
	char why[128];

	io_uring_queue_exit(&u->ring);
	if (ring_init(u, u->entries, why, sizeof(why))) {
		free(u);
		aj->priv = NULL;
	}
}

ssize_t dr_uring_take(struct dr_actor_job *aj, bool write)
{
	struct uring_job *u = aj->priv;
	size_t page = aj->len - aj->dax_len; /* the one anonymous page */
	struct dr_uring_split s;
	int res[DR_ACTOR_MAX_DEPTH];
	ssize_t total = 0;
	int submitted, ret;

	if (!u || !page)
		return -EINVAL;
	dr_uring_split((unsigned int)(aj->dax_len / page), u->entries, &s);
	for (unsigned int i = 0; i < s.n; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
		size_t off, bytes;

		if (!sqe)
			return -EBUSY; /* cannot happen: n <= entries, SQ empty */
		request_span(aj, &s, page, i, &off, &bytes);
		prep(sqe, write, aj->partner_fd, (char *)aj->buf + off, bytes,
		     aj->partner_off + (off_t)off, i);
		res[i] = -ECANCELED;
		/*
		 * The last request is the one that stalls in the uffd fault.
		 * IOSQE_IO_DRAIN issues it only once every request before it
		 * has completed, so none of those is in flight while the
		 * engine changes the layout: what each side must hold after
		 * the round is then what the single pread/pwrite of dio-*
		 * leaves, and TAG judges it the same way.  Without the drain a
		 * leading request could still be copying while a collapse
		 * moves the blocks, and TAG would fire on a correct kernel.
		 */
		if (i + 1 == s.n && s.n > 1)
			sqe->flags |= IOSQE_IO_DRAIN;
	}
	/* Only the last request stalls; see IOSQE_IO_DRAIN above. */
	aj->settled_len = (size_t)(s.n - 1) * s.pages_each * page;
	submitted = io_uring_submit(&u->ring);
	aj->ios = submitted > 0 ? dr_uring_min_ios(&s) : 0;
	if (submitted < 0) {
		/* Nothing was consumed: the SQEs would go out with the next
		 * round's. */
		ring_reset(aj, u);
		return submitted;
	}
	ret = reap(&u->ring, (unsigned int)submitted, res);
	if (ret)
		return ret;
	if ((unsigned int)submitted < s.n)
		/* A request failed before it was issued (its CQE says why)
		 * and the kernel stopped there; the rest are still queued. */
		ring_reset(aj, u);
	/* The first failure in buffer order, else the bytes moved. */
	for (unsigned int i = 0; i < s.n; i++) {
		size_t off, bytes;

		request_span(aj, &s, page, i, &off, &bytes);
		if ((unsigned int)submitted == s.n) {
			ret = finish_short(&u->ring, write, aj->partner_fd,
					   (char *)aj->buf + off, bytes,
					   aj->partner_off + (off_t)off, i, &res[i]);
			if (ret)
				return ret;
		}
		if (res[i] < 0)
			return res[i];
		total += res[i];
	}
	return total;
}

/*
 * Why the kernel refused to register a page of the fs under test as a
 * fixed buffer.  Both refusals are mm/gup.c check_vma_flags() on the
 * FOLL_WRITE | FOLL_LONGTERM pin of io_pin_pages() (io_uring/memmap.c).
 */
static void fixed_refused(int ret, bool dax, char *why, size_t len)
{
	if (ret == -EOPNOTSUPP && dax)
		snprintf(why, len, "the kernel refuses fixed buffers over fsdax (FOLL_LONGTERM on an fsdax VMA: check_vma_flags() in mm/gup.c), as it must: GUPFAIL tries that registration in every DAX scenario");
	else if (ret == -EFAULT)
		snprintf(why, len, "the kernel refuses a writable long-term pin of this filesystem's pages, which need dirty tracking (writable_file_mapping_allowed() in mm/gup.c, 6.5+): fixed buffers over a file mapping run on tmpfs");
	else if (ret == -ENOMEM)
		snprintf(why, len, "io_uring_register_buffers: %s (RLIMIT_MEMLOCK: registered pages are locked memory)",
			 strerror(-ret));
	else
		snprintf(why, len, "io_uring_register_buffers: %s", strerror(-ret));
}

int dr_uring_fixed_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	static const char name[] = ".uring-fixed-probe";
	struct uring_job u;
	struct iovec iov;
	void *map;
	int fd, ret;

	ret = ring_init(&u, 1, why, len);
	if (ret)
		return ret;
	fd = openat(env->dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = -errno;
		snprintf(why, len, "%s: %s", name, strerror(errno));
		goto out_ring;
	}
	unlinkat(env->dirfd, name, 0);
	if (ftruncate(fd, DR_PAGE_SIZE) < 0) {
		ret = -errno;
		snprintf(why, len, "%s: ftruncate: %s", name, strerror(errno));
		goto out_fd;
	}
	map = mmap(NULL, DR_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		ret = -errno;
		snprintf(why, len, "%s: mmap: %s", name, strerror(errno));
		goto out_fd;
	}
	iov = (struct iovec){ map, DR_PAGE_SIZE };
	ret = io_uring_register_buffers(&u.ring, &iov, 1);
	if (ret)
		fixed_refused(ret, env->dax, why, len);
	else
		io_uring_unregister_buffers(&u.ring);
	munmap(map, DR_PAGE_SIZE);
out_fd:
	close(fd);
out_ring:
	io_uring_queue_exit(&u.ring);
	return ret;
}

/*
 * The registration pins the whole buffer with pin_user_pages_fast() in
 * address order, so when it sleeps in the uffd fault on the last page the
 * victim pages are pinned: that is the hold.  Then the partner's data goes
 * into the pinned pages through the registered bvecs (no GUP: the I/O
 * uses the pages the registration took, as a bio uses the pages its GUP
 * took), and the unregistration drops the pins.  The pins live from the
 * registration to the unregistration, both inside this call.
 */
ssize_t dr_uring_take_fixed(struct dr_actor_job *aj)
{
	struct uring_job *u = aj->priv;
	struct iovec iov = { aj->buf, aj->len };
	int got = 0, ret;

	if (!u)
		return -EINVAL;
	aj->ios = 0;
	ret = io_uring_register_buffers(&u->ring, &iov, 1);
	if (ret)
		return ret;
	while ((size_t)got < aj->len) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
		int res[DR_ACTOR_MAX_DEPTH];

		if (!sqe) {
			ret = -EBUSY; /* cannot happen: the SQ is empty */
			break;
		}
		io_uring_prep_read_fixed(sqe, aj->partner_fd, (char *)aj->buf + got,
					 (unsigned int)(aj->len - (size_t)got),
					 aj->partner_off + got, 0);
		sqe->user_data = 0;
		ret = io_uring_submit(&u->ring);
		if (ret < 0) {
			/* The fresh ring holds no registration. */
			ring_reset(aj, u);
			return ret;
		}
		aj->ios++;
		res[0] = -ECANCELED;
		ret = reap(&u->ring, 1, res);
		if (ret)
			break;
		if (res[0] <= 0) {
			ret = res[0] < 0 ? res[0] : -EIO;
			break;
		}
		got += res[0];
	}
	io_uring_unregister_buffers(&u->ring);
	return ret < 0 ? ret : got;
}

#else /* !HAVE_LIBURING */

int dr_uring_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	(void)env;
	snprintf(why, len, "built without liburing (configure --without-liburing)");
	return -ENOTSUP;
}

int dr_uring_setup(struct dr_actor_job *aj, char *why, size_t len)
{
	(void)aj;
	return dr_uring_needs(NULL, why, len);
}

void dr_uring_teardown(struct dr_actor_job *aj)
{
	(void)aj;
}

ssize_t dr_uring_take(struct dr_actor_job *aj, bool write)
{
	(void)aj;
	(void)write;
	return -ENOSYS;
}

int dr_uring_fixed_needs(const struct dr_actor_env *env, char *why, size_t len)
{
	return dr_uring_needs(env, why, len);
}

ssize_t dr_uring_take_fixed(struct dr_actor_job *aj)
{
	(void)aj;
	return -ENOSYS;
}

#endif
