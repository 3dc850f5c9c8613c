// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"

/*
 * The partner is the non-DAX end of the O_DIRECT I/O.  It must be non-DAX
 * because O_DIRECT on a DAX file is a plain copy (dax_iomap_rw) that pins
 * nothing, and it must hold written data because iomap serves a hole or an
 * unwritten extent by zero-filling the user buffer with no bio at all
 * (iomap_dio_hole_iter), so nothing would be pinned (DESIGN.md section 2).
 * A block device serves every sector with a bio, which is why a loop device
 * over a fully written backing file is the default.
 */

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif
#define SIG_READ_LEN (68 * 1024)

static const struct {
	const char *name;
	size_t off;
	const char *magic;
	size_t len;
} signatures[] = {
	{ "ext2/3/4", 0x438, "\x53\xef", 2 },
	{ "xfs", 0, "XFSB", 4 },
	{ "btrfs", 0x10040, "_BHRfS_M", 8 },
	{ "swap", 4086, "SWAPSPACE2", 10 },
	{ "swap", 4086, "SWAP-SPACE", 10 },
	{ "LUKS", 0, "LUKS\xba\xbe", 6 },
	{ "GPT partition table", 512, "EFI PART", 8 },
	{ "vfat", 0x52, "FAT32", 5 },
	{ "vfat", 0x36, "FAT1", 4 },
	{ "iso9660", 0x8001, "CD001", 5 },
};

/* Names the first filesystem-like signature found at the start of fd. */
static const char *find_signature(int fd)
{
	const char *found = NULL;
	unsigned char *buf;
	ssize_t n;

	/* fd is O_DIRECT: the buffer must be aligned, or the read fails with
	 * EINVAL and every signature goes unseen. */
	if (posix_memalign((void **)&buf, DR_PAGE_SIZE, SIG_READ_LEN))
		return NULL;
	memset(buf, 0, SIG_READ_LEN);
	n = pread(fd, buf, SIG_READ_LEN, 0);
	for (size_t i = 0; n > 0 && i < DR_ARRAY_SIZE(signatures); i++) {
		if (signatures[i].off + signatures[i].len > (size_t)n)
			continue;
		if (!memcmp(buf + signatures[i].off, signatures[i].magic,
			    signatures[i].len)) {
			found = signatures[i].name;
			break;
		}
	}
	if (!found && n >= 512 && buf[510] == 0x55 && buf[511] == 0xaa)
		found = "MBR partition table";
	free(buf);
	return found;
}

static int open_dev_stat(dev_t dev)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/stat", major(dev),
		 minor(dev));
	return open(path, O_RDONLY | O_CLOEXEC);
}

/*
 * The first nr fields of the partner's /sys/block/DEV/stat
 * (Documentation/block/stat.rst: 1 read I/Os, 5 write I/Os, 9 in_flight,
 * the requests issued to the driver and not yet completed).
 */
static int read_stat(const struct dr_partner_slot *s, unsigned long long *f,
		     int nr)
{
	char buf[256], *p = buf, *end;
	ssize_t n;

	if (s->stat_fd < 0)
		return -ENODEV;
	/* sysfs regenerates the attribute on every read from offset 0. */
	n = pread(s->stat_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	for (int i = 0; i < nr; i++, p = end) {
		f[i] = strtoull(p, &end, 10);
		if (end == p)
			return -EINVAL;
	}
	return 0;
}

int dr_partner_counters(const struct dr_partner_slot *s, uint64_t *reads,
			uint64_t *writes)
{
	unsigned long long f[5];
	int ret = read_stat(s, f, 5);

	if (ret)
		return ret;
	*reads = f[0];
	*writes = f[4];
	return 0;
}

int dr_partner_inflight(const struct dr_partner_slot *s, uint64_t *inflight)
{
	unsigned long long f[9];
	int ret = read_stat(s, f, 9);

	if (ret)
		return ret;
	*inflight = f[8];
	return 0;
}

/* Writes len bytes of tagged blocks at off: the range then holds data. */
static int write_tagged(int fd, off_t off, size_t len, uint32_t file_id)
{
	void *buf;
	ssize_t n;
	int ret = 0;

	if (posix_memalign(&buf, DR_PAGE_SIZE, len))
		return -ENOMEM;
	for (size_t b = 0; b < len / DR_BLOCK_SIZE; b++)
		dr_tag_fill((char *)buf + b * DR_BLOCK_SIZE, file_id, b, 1, 0);
	n = pwrite(fd, buf, len, off);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -ENOSPC;
	free(buf);
	return ret;
}

/*
 * A file partner's range must be one written extent: a bio per extent is
 * what iomap builds, and an unwritten extent would be served with no bio.
 */
static int check_one_extent(int fd, off_t off, size_t len, char *why,
			    size_t wlen)
{
	struct {
		struct fiemap fm;
		struct fiemap_extent ext[2];
	} f;

	memset(&f, 0, sizeof(f));
	f.fm.fm_start = (uint64_t)off;
	f.fm.fm_length = len;
	f.fm.fm_flags = FIEMAP_FLAG_SYNC;
	f.fm.fm_extent_count = 2;
	if (ioctl(fd, FS_IOC_FIEMAP, &f.fm) < 0) {
		snprintf(why, wlen, "FIEMAP failed: %s", strerror(errno));
		return -errno;
	}
	if (f.fm.fm_mapped_extents != 1 ||
	    f.ext[0].fe_logical > (uint64_t)off ||
	    f.ext[0].fe_logical + f.ext[0].fe_length < (uint64_t)off + len) {
		snprintf(why, wlen, "partner range spans %u extents",
			 f.fm.fm_mapped_extents);
		return -EINVAL;
	}
	if (f.ext[0].fe_flags & (FIEMAP_EXTENT_UNWRITTEN |
				 FIEMAP_EXTENT_DELALLOC |
				 FIEMAP_EXTENT_DATA_INLINE)) {
		snprintf(why, wlen, "partner extent is not plain written data (flags %#x)",
			 f.ext[0].fe_flags);
		return -EINVAL;
	}
	return 0;
}

static int setup_loop(struct dr_partner *p, struct dr_partner_slot *s,
		      struct dr_workdir *wd, unsigned int idx, size_t len,
		      char *why, size_t wlen)
{
	struct loop_config lc;
	char dev[64];
	int ctl, bfd, lfd = -1, nr = -1, ret, tries;

	snprintf(s->backing, sizeof(s->backing), "partner-%u.img", idx);
	bfd = dr_workdir_open(wd, s->backing, O_RDWR | O_CREAT);
	if (bfd < 0) {
		snprintf(why, wlen, "cannot create %s: %s", s->backing,
			 strerror(-bfd));
		s->backing[0] = '\0';
		return bfd;
	}
	/* Fully written before any scenario's SPACE baseline: loop writes
	 * then overwrite allocated blocks and never change free space. */
	ret = write_tagged(bfd, 0, len, s->file_id);
	if (!ret && fsync(bfd) < 0)
		ret = -errno;
	if (ret) {
		snprintf(why, wlen, "cannot fill %s: %s", s->backing, strerror(-ret));
		goto err_bfd;
	}
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		ret = -errno;
		snprintf(why, wlen, "/dev/loop-control: %s", strerror(errno));
		goto err_bfd;
	}
	/* Another process may take the free device between the two calls. */
	for (tries = 0; tries < 8; tries++) {
		nr = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (nr < 0) {
			ret = -errno;
			break;
		}
		snprintf(dev, sizeof(dev), "/dev/loop%d", nr);
		lfd = open(dev, O_RDWR | O_CLOEXEC);
		if (lfd < 0) {
			ret = -errno;
			continue;
		}
		memset(&lc, 0, sizeof(lc));
		lc.fd = (unsigned int)bfd;
		lc.block_size = DR_PAGE_SIZE;
		/* Buffered backing I/O (no LO_FLAGS_DIRECT_IO): the loop worker
		 * copies into the bio pages, the simplest one-bio device. */
		lc.info.lo_flags = LO_FLAGS_AUTOCLEAR;
		if (ioctl(lfd, LOOP_CONFIGURE, &lc) == 0) {
			ret = 0;
			break;
		}
		ret = -errno;
		close(lfd);
		lfd = -1;
		if (ret != -EBUSY)
			break;
	}
	close(ctl);
	if (ret || lfd < 0) {
		snprintf(why, wlen, "cannot set up a loop device: %s",
			 strerror(ret ? -ret : EBUSY));
		goto err_bfd;
	}
	s->fd = open(dev, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (s->fd < 0) {
		ret = -errno;
		snprintf(why, wlen, "%s: %s", dev, strerror(errno));
		ioctl(lfd, LOOP_CLR_FD, 0);
		close(lfd);
		goto err_bfd;
	}
	/* The loop device stays configured while s->fd is open (autoclear).
	 * With direct I/O off the loop worker writes the backing file through
	 * its page cache, so reading that file back shows what the device
	 * received, without another bio and loop-worker round trip. */
	close(lfd);
	s->check_fd = bfd;
	s->loop_nr = nr;
	s->off = 0;
	snprintf(dev, sizeof(dev), "/sys/block/loop%d/stat", nr);
	s->stat_fd = open(dev, O_RDONLY | O_CLOEXEC);
	(void)p;
	return 0;

err_bfd:
	close(bfd);
	return ret;
}

static int setup_file_slot(struct dr_partner *p, struct dr_partner_slot *s,
			   int fd, const struct stat *st, off_t off, size_t len,
			   char *why, size_t wlen)
{
	int ret;

	s->fd = fd;
	s->off = off;
	ret = write_tagged(fd, off, len, s->file_id);
	if (!ret && fsync(fd) < 0)
		ret = -errno;
	if (ret) {
		snprintf(why, wlen, "cannot write the partner range: %s",
			 strerror(-ret));
		return ret;
	}
	if (check_one_extent(fd, off, len, p->unconfirmable,
			     sizeof(p->unconfirmable)))
		dr_warn("partner: %s: rounds will be unconfirmed",
			p->unconfirmable);
	s->stat_fd = open_dev_stat(st->st_dev);
	if (s->stat_fd < 0)
		snprintf(p->unconfirmable, sizeof(p->unconfirmable),
			 "no I/O counters for the partner's device %u:%u",
			 major(st->st_dev), minor(st->st_dev));
	return 0;
}

static bool file_is_dax(int fd)
{
	struct statx stx;

	return statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) == 0 &&
	       (stx.stx_attributes & STATX_ATTR_DAX);
}

static bool bdev_is_dax(const struct stat *st)
{
	char path[96], buf[16];

	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/queue/dax",
		 major(st->st_rdev), minor(st->st_rdev));
	return dr_read_file(path, buf, sizeof(buf)) > 0 && buf[0] == '1';
}

/*
 * Offset of the first non-zero byte in [0, len) of fd, or -1 when all of
 * it reads as zero (a hole, or past the end of a file, reads as zero).
 * -errno < -1 on a read error.
 */
static int64_t first_data(int fd, size_t len)
{
	unsigned char *buf;
	int64_t found = -1;
	size_t off = 0;

	/* fd is O_DIRECT: an aligned buffer, whole pages. */
	if (posix_memalign((void **)&buf, DR_PAGE_SIZE, len))
		return -ENOMEM;
	while (off < len && found < 0) {
		ssize_t n = pread(fd, buf, len - off, (off_t)off);

		if (n < 0) {
			found = -errno;
			break;
		}
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i]) {
				found = (int64_t)(off + (size_t)i);
				break;
			}
		}
		off += (size_t)n;
	}
	free(buf);
	return found;
}

/*
 * daxrace never changes data it did not create unless told to: without
 * --partner-destroy a partner is taken only where every byte daxrace will
 * write (each job's range, from offset 0) reads as zero, and teardown
 * writes those zeros back (and a file's old size), leaving it as found.
 */
static int check_no_data(struct dr_partner *p, const struct dr_run_config *cfg,
			 int fd, const struct stat *st, size_t need, char *why,
			 size_t wlen)
{
	int64_t at;

	if (cfg->partner_destroy)
		return 0;
	at = first_data(fd, need);
	if (at < -1) {
		snprintf(why, wlen, "--partner %s: cannot read it: %s",
			 cfg->partner, strerror((int)-at));
		return (int)at;
	}
	if (at >= 0) {
		snprintf(why, wlen, "--partner %s holds data in the %zu bytes daxrace would overwrite (a non-zero byte at offset %lld): pass --partner-destroy to overwrite it",
			 cfg->partner, need, (long long)at);
		return -EEXIST;
	}
	p->restore = true;
	p->orig_size = S_ISREG(st->st_mode) ? (uint64_t)st->st_size : 0;
	return 0;
}

static int setup_user(struct dr_partner *p, const struct dr_run_config *cfg,
		      char *why, size_t wlen)
{
	char path[PATH_MAX];
	const char *sig;
	struct stat st;
	uint64_t size = 0;
	size_t need = p->nr_slots * p->slot_len;
	int fd, ret;

	/* The user's own path may be a symlink (/dev/disk/by-id/...): resolve
	 * it once, then open what it names without following anything more.
	 * Only files daxrace creates need O_NOFOLLOW against planted links,
	 * and those are all in the work directory. */
	if (!realpath(cfg->partner, path)) {
		snprintf(why, wlen, "--partner %s: %s", cfg->partner,
			 strerror(errno));
		return -errno;
	}
	/* O_EXCL on a block device fails with EBUSY while it is mounted or
	 * claimed by a holder (dm, md, swap): the cheapest "in use" test. */
	fd = open(path, O_RDWR | O_DIRECT | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		int err = errno;

		/* 6.8+ refuses writers on a mounted block device with EPERM
		 * (bdev_allow_write_mounted=n), older kernels let it open. */
		if ((err == EPERM || err == EBUSY) && !stat(path, &st) &&
		    S_ISBLK(st.st_mode)) {
			snprintf(why, wlen, "--partner %s is in use (mounted or held): %s",
				 cfg->partner, strerror(err));
			return -EBUSY;
		}
		snprintf(why, wlen, "--partner %s: %s", cfg->partner,
			 strerror(err));
		return -err;
	}
	if (fstat(fd, &st) < 0)
		goto err_errno;
	if (S_ISBLK(st.st_mode)) {
		int ex;

		if (bdev_is_dax(&st)) {
			snprintf(why, wlen, "--partner %s is a DAX-capable device: use a non-DAX one",
				 cfg->partner);
			ret = -EINVAL;
			goto err;
		}
		ex = open(path, O_RDWR | O_EXCL | O_CLOEXEC);
		if (ex < 0) {
			snprintf(why, wlen, "--partner %s is in use (mounted or held): %s",
				 cfg->partner, strerror(errno));
			ret = -EBUSY;
			goto err;
		}
		close(ex);
		if (ioctl(fd, BLKGETSIZE64, &size) < 0)
			goto err_errno;
		p->kind = DR_PARTNER_BDEV;
	} else if (S_ISREG(st.st_mode)) {
		if (file_is_dax(fd)) {
			snprintf(why, wlen, "--partner %s is a DAX file: O_DIRECT on it pins nothing",
				 cfg->partner);
			ret = -EINVAL;
			goto err;
		}
		size = (uint64_t)st.st_size;
		p->kind = DR_PARTNER_FILE;
	} else {
		snprintf(why, wlen, "--partner %s is neither a block device nor a regular file",
			 cfg->partner);
		ret = -EINVAL;
		goto err;
	}
	sig = find_signature(fd);
	if (sig && !cfg->partner_destroy) {
		snprintf(why, wlen, "--partner %s holds a %s signature: pass --partner-destroy to overwrite it",
			 cfg->partner, sig);
		ret = -EEXIST;
		goto err;
	}
	if (p->kind == DR_PARTNER_BDEV && size < need) {
		snprintf(why, wlen, "--partner %s: %llu bytes, need %zu",
			 cfg->partner, (unsigned long long)size, need);
		ret = -ENOSPC;
		goto err;
	}
	ret = check_no_data(p, cfg, fd, &st, need, why, wlen);
	if (ret)
		goto err;
	p->shared = p->nr_slots > 1;
	for (unsigned int i = 0; i < p->nr_slots; i++) {
		struct dr_partner_slot *s = &p->slots[i];
		int sfd = i ? dup(fd) : fd;

		/* From slot 0 on, the slots own fd: dr_partner_teardown
		 * closes it, so no "goto err" from here. */
		if (sfd < 0) {
			ret = -errno;
			snprintf(why, wlen, "--partner %s: dup: %s", cfg->partner,
				 strerror(errno));
			return ret;
		}
		if (p->kind == DR_PARTNER_BDEV) {
			s->fd = sfd;
			s->off = (off_t)(i * p->slot_len);
			s->stat_fd = open_dev_stat(st.st_rdev);
			ret = write_tagged(sfd, s->off, p->slot_len, s->file_id);
			if (ret) {
				snprintf(why, wlen, "--partner %s: cannot write: %s",
					 cfg->partner, strerror(-ret));
				return ret;
			}
		} else {
			ret = setup_file_slot(p, s, sfd, &st,
					      (off_t)(i * p->slot_len),
					      p->slot_len, why, wlen);
			if (ret)
				return ret;
		}
	}
	/* A long path may cut the description; it is only for people. */
	if (snprintf(p->desc, sizeof(p->desc), "%s%s%s %s%s%s", cfg->partner,
		 strcmp(path, cfg->partner) ? " -> " : "",
		 strcmp(path, cfg->partner) ? path : "",
		 p->kind == DR_PARTNER_BDEV ? "(block device)" : "(non-DAX file)",
		 p->shared ? ", shared by all jobs: I/O counters are per device" : "",
		 p->restore ? ", held zeros: written back at the end" : "") >=
	    (int)sizeof(p->desc))
		p->desc[sizeof(p->desc) - 1] = '\0';
	return 0;

err_errno:
	ret = -errno;
	snprintf(why, wlen, "--partner %s: %s", cfg->partner, strerror(errno));
err:
	close(fd);
	return ret;
}

/* Without root or loop devices, and only on a non-DAX --dir: a file. */
static int setup_own_file(struct dr_partner *p, struct dr_workdir *wd,
			  char *why, size_t wlen)
{
	struct stat st;
	int fd, ret;

	fd = dr_workdir_open(wd, "partner.dat", O_RDWR | O_CREAT | O_DIRECT);
	if (fd < 0) {
		snprintf(why, wlen, "cannot create partner.dat with O_DIRECT: %s",
			 strerror(-fd));
		return fd;
	}
	/* From here on slot 0 owns fd and the file: dr_partner_teardown
	 * closes and removes them whatever fails below. */
	dr_strlcpy(p->slots[0].backing, "partner.dat", sizeof(p->slots[0].backing));
	p->slots[0].fd = fd;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		snprintf(why, wlen, "partner.dat: fstat: %s", strerror(errno));
		return ret;
	}
	p->kind = DR_PARTNER_FILE;
	p->shared = p->nr_slots > 1;
	for (unsigned int i = 0; i < p->nr_slots; i++) {
		int sfd = i ? dup(fd) : fd;

		if (sfd < 0) {
			ret = -errno;
			snprintf(why, wlen, "partner.dat: dup: %s", strerror(errno));
			return ret;
		}
		ret = setup_file_slot(p, &p->slots[i], sfd, &st,
				      (off_t)(i * p->slot_len), p->slot_len,
				      why, wlen);
		if (ret)
			return ret;
	}
	snprintf(p->desc, sizeof(p->desc), "partner.dat in the work directory (non-DAX file on --dir%s)",
		 p->shared ? ", shared by all jobs" : "");
	return 0;
}

int dr_partner_setup(struct dr_partner *p, const struct dr_run_config *cfg,
		     struct dr_workdir *wd, unsigned int nr_slots,
		     size_t slot_len, bool dir_dax, char *why, size_t wlen)
{
	char loop_why[256] = "";
	unsigned int i;
	int ret;

	memset(p, 0, sizeof(*p));
	p->nr_slots = nr_slots;
	p->slot_len = slot_len;
	p->slots = calloc(nr_slots, sizeof(*p->slots));
	if (!p->slots)
		return -ENOMEM;
	for (i = 0; i < nr_slots; i++) {
		p->slots[i].fd = p->slots[i].stat_fd = -1;
		p->slots[i].check_fd = -1;
		p->slots[i].loop_nr = -1;
		p->slots[i].file_id = 0x70000000u + i;
	}
	if (cfg->partner)
		return setup_user(p, cfg, why, wlen);

	/* One loop device per job, so each job's counters are its own. */
	p->kind = DR_PARTNER_LOOP;
	for (i = 0; i < nr_slots; i++) {
		ret = setup_loop(p, &p->slots[i], wd, i, slot_len, loop_why,
				 sizeof(loop_why));
		if (ret)
			break;
	}
	if (i == nr_slots) {
		snprintf(p->desc, sizeof(p->desc),
			 "%u loop device%s from loop%d over fully written files in the work directory, direct I/O off",
			 nr_slots, dr_plural(nr_slots), p->slots[0].loop_nr);
		return 0;
	}
	dr_partner_teardown(p, wd);
	/* Out of descriptors, memory or space, a file would fail the same
	 * way a moment later: say why the loop device failed instead. */
	if (ret == -EMFILE || ret == -ENFILE || ret == -ENOMEM ||
	    ret == -ENOSPC || ret == -EDQUOT || ret == -EIO) {
		snprintf(why, wlen, "%s", loop_why);
		return ret;
	}
	p->slots = calloc(nr_slots, sizeof(*p->slots));
	if (!p->slots)
		return -ENOMEM;
	p->nr_slots = nr_slots;
	for (i = 0; i < nr_slots; i++) {
		p->slots[i].fd = p->slots[i].stat_fd = -1;
		p->slots[i].check_fd = -1;
		p->slots[i].loop_nr = -1;
		p->slots[i].file_id = 0x70000000u + i;
	}
	if (dir_dax) {
		snprintf(why, wlen, "no partner: %s; --dir is DAX so a file there cannot be one: pass --partner",
			 loop_why);
		return -ENODEV;
	}
	dr_info("loop partner unavailable (%s); using a non-DAX file", loop_why);
	return setup_own_file(p, wd, why, wlen);
}

/* Puts back the zeros (and a file's size) check_no_data found. */
static void restore_zeros(struct dr_partner *p, const struct dr_workdir *wd)
{
	size_t need = p->nr_slots * p->slot_len;
	int fd = p->slots[0].fd, ret = 0;
	void *buf;

	if (!p->restore || fd < 0)
		return;
	if (wd->keep) {
		/* A thread stuck in the kernel may still do I/O there. */
		dr_warn("partner: left with daxrace's data in its first %zu bytes: a stuck thread may still use it",
			need);
		return;
	}
	if (posix_memalign(&buf, DR_PAGE_SIZE, need)) {
		ret = -ENOMEM;
	} else {
		memset(buf, 0, need);
		if (pwrite(fd, buf, need, 0) != (ssize_t)need)
			ret = errno ? -errno : -EIO;
		free(buf);
	}
	if (!ret && p->kind == DR_PARTNER_FILE &&
	    ftruncate(fd, (off_t)p->orig_size) < 0)
		ret = -errno;
	if (!ret && fsync(fd) < 0)
		ret = -errno;
	if (ret)
		dr_warn("partner: cannot write back the zeros it held: %s",
			strerror(-ret));
}

void dr_partner_teardown(struct dr_partner *p, struct dr_workdir *wd)
{
	if (!p->slots)
		return;
	restore_zeros(p, wd);
	for (unsigned int i = 0; i < p->nr_slots; i++) {
		struct dr_partner_slot *s = &p->slots[i];

		if (s->fd >= 0)
			close(s->fd); /* last opener: autoclear detaches loop */
		if (s->stat_fd >= 0)
			close(s->stat_fd);
		if (s->check_fd >= 0)
			close(s->check_fd);
		if (s->backing[0])
			dr_workdir_unlink(wd, s->backing);
	}
	free(p->slots);
	p->slots = NULL;
	p->nr_slots = 0;
}
