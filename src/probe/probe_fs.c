// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The filesystem under a directory: which mount it is, whether that mount
 * is DAX, and -- the answer that counts -- whether a file daxrace creates
 * there is DAX.  With xfs dax=inode (or ext4 dax=inode) the mount option
 * alone does not say, so we ask statx(2) about a real new file.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "common/util.h"
#include "probe/probe_int.h"

/* include/uapi/linux/stat.h, since 5.8; older headers lack it. */
#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

/*
 * The probe file never gets a name in dir when the fs supports O_TMPFILE
 * (ext4 and xfs do, since 3.11 and 3.15): daxrace touches nothing there
 * that it did not make.  Elsewhere the name lives in a private directory
 * of ours, itself removed at once, never beside the user's files.  A new
 * O_TMPFILE inode takes the DAX flag from dir as a named file would
 * (ext4_new_inode() and xfs_init_new_inode() inherit it the same way).
 */
int dr_probe_tmpfile(const char *dir)
{
	char sub[PATH_MAX], path[PATH_MAX];
	int fd, err;

	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd >= 0 ? fd : -errno;
	if (snprintf(sub, sizeof(sub), "%s/.daxrace-probe.XXXXXX", dir) >=
	    (int)sizeof(sub) - 8)
		return -ENAMETOOLONG;
	if (!mkdtemp(sub))
		return -errno;
	if (snprintf(path, sizeof(path), "%s/file", sub) >= (int)sizeof(path)) {
		rmdir(sub);
		return -ENAMETOOLONG;
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	err = fd < 0 ? -errno : 0;
	/* Unlink now: the open fd is all we need, and a killed probe then
	 * leaves nothing behind. */
	if (fd >= 0 && unlink(path))
		err = -errno;
	if (rmdir(sub) && !err)
		err = -errno;
	if (err && fd >= 0)
		close(fd);
	return err ? err : fd;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

/* Is mnt a path-component prefix of path? */
static bool under_mount(const char *path, const char *mnt)
{
	size_t n = strlen(mnt);

	if (!strcmp(mnt, "/"))
		return true;
	return !strncmp(path, mnt, n) && (path[n] == '/' || path[n] == '\0');
}

static bool has_option(const char *opts, const char *opt)
{
	size_t n = strlen(opt);
	const char *p = opts;

	while ((p = strstr(p, opt))) {
		if ((p == opts || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

/* Per-mount options, then those of the superblock not already listed. */
static void merge_options(char *out, size_t len, const char *mnt,
			  const char *super)
{
	char tmp[512], *save = NULL, *tok;

	dr_strlcpy(out, mnt, len);
	dr_strlcpy(tmp, super, sizeof(tmp));
	for (tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (has_option(out, tok))
			continue;
		snprintf(out + strlen(out), len - strlen(out), ",%s", tok);
	}
}

/*
 * Finds the mount holding real (a canonical path) on device dev.  The
 * longest matching mount point wins, and among equal ones the last line,
 * which is the mount on top.  real NULL finds any mount of dev.  btrfs
 * subvolumes report an st_dev that is not the one in mountinfo, so a
 * path-only match is the fallback.
 */
int dr_probe_find_mount(const char *real, dev_t dev, struct dr_fs_info *out)
{
	char *line = NULL, *f[12];
	size_t cap = 0, best = 0, best_any = 0;
	bool found = false;
	int ret = -ENOENT;
	FILE *mi;

	mi = fopen("/proc/self/mountinfo", "re");
	if (!mi)
		return -errno;
	while (getline(&line, &cap, mi) > 0) {
		char *save = NULL, *tok;
		const char *super;
		unsigned int maj, min;
		int n = 0, dash = -1;
		size_t mlen;

		line[strcspn(line, "\n")] = '\0';
		for (tok = strtok_r(line, " ", &save); tok && n < 12;
		     tok = strtok_r(NULL, " ", &save)) {
			if (dash < 0 && n >= 6 && !strcmp(tok, "-"))
				dash = n;
			f[n++] = tok;
		}
		if (dash < 0 || n < dash + 3 ||
		    sscanf(f[2], "%u:%u", &maj, &min) != 2)
			continue;
		unescape(f[4]);
		/* real NULL: any mount of dev will do. */
		if (real ? !under_mount(real, f[4]) : makedev(maj, min) != dev)
			continue;
		mlen = strlen(f[4]);
		if (makedev(maj, min) == dev) {
			if (mlen < best)
				continue;
			best = mlen;
			found = true;
		} else if (found || mlen < best_any) {
			continue;
		}
		best_any = mlen;
		unescape(f[dash + 2]);
		super = n > dash + 3 ? f[dash + 3] : "";
		dr_strlcpy(out->mountpoint, f[4], sizeof(out->mountpoint));
		dr_strlcpy(out->fstype, f[dash + 1], sizeof(out->fstype));
		dr_strlcpy(out->source, f[dash + 2], sizeof(out->source));
		merge_options(out->mount_options, sizeof(out->mount_options),
			      f[5], super);
		ret = 0;
	}
	free(line);
	fclose(mi);
	return ret;
}

int dr_probe_blockdev_name(dev_t dev, char *name, size_t len)
{
	char link[128], target[PATH_MAX], part[160], *slash;
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(dev),
		 minor(dev));
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return errno == ENOENT ? -ENODEV : -errno;
	target[n] = '\0';
	/* A partition (pmem0p1) sits in the directory of its disk. */
	snprintf(part, sizeof(part), "%s/partition", link);
	slash = strrchr(target, '/');
	if (slash && access(part, F_OK) == 0) {
		*slash = '\0';
		slash = strrchr(target, '/');
	}
	dr_strlcpy(name, slash ? slash + 1 : target, len);
	return 0;
}

const char *dr_probe_dax_mode(const struct dr_fs_info *fs)
{
	if (has_option(fs->mount_options, "dax") ||
	    has_option(fs->mount_options, "dax=always"))
		return "always";
	if (has_option(fs->mount_options, "dax=inode"))
		return "inode";
	if (has_option(fs->mount_options, "dax=never"))
		return "never";
	/* xfs without an option behaves as dax=inode and does not show it
	 * (xfs_showargs prints only dax=always and dax=never). */
	if (!strcmp(fs->fstype, "xfs"))
		return "inode";
	return "none";
}

int dr_probe_device_dax(const struct dr_fs_info *fs)
{
	char name[64], path[128], val[16];
	int ret;

	ret = dr_probe_blockdev_name(fs->dev, name, sizeof(name));
	if (ret)
		return ret;
	/* block/blk-sysfs.c: "dax" is 1 when the queue has QUEUE_FLAG_DAX
	 * (seen as 1 for pmem0 in 6.1 and 7.3 guests, 0 for virtio). */
	snprintf(path, sizeof(path), "/sys/block/%s/queue/dax", name);
	ret = dr_read_file(path, val, sizeof(val));
	if (ret < 0)
		return ret;
	return !strcmp(val, "1");
}

static bool fs_can_dax(const char *fstype)
{
	return !strcmp(fstype, "ext4") || !strcmp(fstype, "xfs") ||
	       !strcmp(fstype, "ext2");
}

static void explain_not_dax(const struct dr_fs_info *fs, char *why, size_t len)
{
	const char *mode = dr_probe_dax_mode(fs);
	int dev_dax = dr_probe_device_dax(fs);

	if (!fs_can_dax(fs->fstype))
		snprintf(why, len, "%.31s has no fsdax: daxrace needs ext4 or xfs "
			 "on a pmem namespace in fsdax mode", fs->fstype);
	else if (dev_dax == 0)
		snprintf(why, len, "%.80s is not a DAX-capable device (not pmem in "
			 "fsdax mode), so %.31s cannot mount it with dax",
			 fs->source, fs->fstype);
	else if (dev_dax < 0 && !fs->mount_dax && !strcmp(mode, "none"))
		snprintf(why, len, "%.31s on %.80s is not a block device with DAX and "
			 "is mounted without -o dax", fs->fstype, fs->source);
	else if (!strcmp(mode, "inode"))
		snprintf(why, len, "mounted dax=inode and new files here do not "
			 "inherit FS_XFLAG_DAX (set it on the directory: xfs_io "
			 "-c 'chattr +x' DIR), or mount -o dax=always");
	else if (!fs->mount_dax)
		snprintf(why, len, "%.31s on %.80s is mounted without -o dax "
			 "(mount -o dax=always)", fs->fstype, fs->source);
	else
		snprintf(why, len, "mounted with dax, yet a new file has no "
			 "STATX_ATTR_DAX: the kernel fell back to the page cache "
			 "(see dmesg)");
}

int dr_probe_fs_fd(const char *dir, int fd, struct dr_fs_info *out)
{
	char real[PATH_MAX];
	struct statx stx;
	struct statfs sfs;
	struct stat st;
	int ret;

	memset(out, 0, sizeof(*out));
	if (stat(dir, &st) || !realpath(dir, real))
		return -errno;
	out->dev = st.st_dev;
	ret = dr_probe_find_mount(real, st.st_dev, out);
	if (ret)
		return ret;
	if (fstatfs(fd, &sfs))
		return -errno;
	out->block_size = (uint64_t)sfs.f_bsize;
	out->mount_dax = !strcmp(dr_probe_dax_mode(out), "always");

	if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx))
		return -errno;
	if (!(stx.stx_attributes_mask & STATX_ATTR_DAX)) {
		/* Before 5.8 statx could not tell; the mount option is the
		 * best guess left. */
		out->file_dax = out->mount_dax;
		snprintf(out->dax_reason, sizeof(out->dax_reason),
			 "this kernel does not report STATX_ATTR_DAX (5.8+); "
			 "guessed from the mount options");
		return 0;
	}
	out->file_dax = stx.stx_attributes & STATX_ATTR_DAX;
	if (out->file_dax)
		snprintf(out->dax_reason, sizeof(out->dax_reason),
			 "a new file here has STATX_ATTR_DAX (%s, dax=%s)",
			 out->fstype, dr_probe_dax_mode(out));
	else
		explain_not_dax(out, out->dax_reason, sizeof(out->dax_reason));
	return 0;
}

int dr_probe_fs(const char *dir, struct dr_fs_info *out)
{
	struct stat st;
	int fd, ret;

	if (stat(dir, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	fd = dr_probe_tmpfile(dir);
	if (fd < 0)
		return fd;
	ret = dr_probe_fs_fd(dir, fd, out);
	close(fd);
	return ret;
}
