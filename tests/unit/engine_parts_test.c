// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The engine's safety rails, one by one: choices replay from the seed, the
 * work directory never follows a symlink planted in it and removes only
 * its own entries, and partners that hold a filesystem or are in use are
 * refused unless --partner-destroy says otherwise.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "common/util.h"
#include "engine/priv.h"
#include "tap.h"

static void test_prng(void)
{
	struct dr_prng a, b, c;
	bool same = true, differ = false;

	dr_prng_seed(&a, 42, 7);
	dr_prng_seed(&b, 42, 7);
	dr_prng_seed(&c, 42, 8);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = dr_prng_next(&a), y = dr_prng_next(&b);

		same &= x == y;
		differ |= x != dr_prng_next(&c);
	}
	tap_ok(same, "same (seed, stream): same choices");
	tap_ok(differ, "another stream: other choices");
	dr_prng_seed(&a, 1, 0);
	same = true;
	for (int i = 0; i < 1000; i++)
		same &= dr_prng_below(&a, 5) < 5;
	tap_ok(same, "dr_prng_below stays below its bound");
}

static void test_workdir(const char *parent)
{
	struct dr_workdir wd;
	char outside[4096], link[4200];
	struct stat st;
	int fd, ret;

	snprintf(outside, sizeof(outside), "%s/outside.XXXXXX", parent);
	fd = mkstemp(outside);
	if (fd >= 0)
		close(fd);
	ret = dr_workdir_create(&wd, parent);
	tap_ok(ret == 0, "work directory created under %s (%d)", parent, ret);
	if (ret)
		return;
	snprintf(link, sizeof(link), "%s/planted", wd.path);
	tap_ok(symlink(outside, link) == 0, "a symlink planted inside");
	fd = dr_workdir_open(&wd, "planted", O_RDWR);
	tap_ok(fd == -ELOOP, "opening it does not follow it (%d)", fd);
	if (fd >= 0)
		close(fd);
	fd = dr_workdir_open(&wd, "planted", O_RDWR | O_CREAT);
	tap_ok(fd < 0, "creating over it fails (%d)", fd);
	if (fd >= 0)
		close(fd);
	tap_ok(dr_workdir_open(&wd, "../escape", O_RDWR | O_CREAT) == -EINVAL,
	       "names with a slash are refused");
	fd = dr_workdir_open(&wd, "file", O_RDWR | O_CREAT);
	tap_ok(fd >= 0, "a plain file can be created");
	if (fd >= 0)
		close(fd);
	ret = dr_workdir_remove(&wd);
	tap_ok(ret == 0 && stat(wd.path, &st) < 0 && errno == ENOENT,
	       "removal takes the directory (%d)", ret);
	tap_ok(stat(outside, &st) == 0, "the symlink's target outside survives");
	unlink(outside);
}

static void test_partner(const char *parent)
{
	struct dr_run_config cfg = { 0 };
	struct dr_partner p;
	struct dr_workdir wd;
	char img[4200], why[512];
	unsigned char sb[2] = { 0x53, 0xef };
	int fd, ret;

	if (dr_workdir_create(&wd, parent))
		return;
	snprintf(img, sizeof(img), "%s/fsimage", wd.path);
	fd = open(img, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || ftruncate(fd, 1 << 20) < 0 ||
	    pwrite(fd, sb, sizeof(sb), 0x438) != sizeof(sb)) {
		tap_skip("partner signature checks", strerror(errno));
		goto out;
	}
	close(fd);
	cfg.partner = img;
	why[0] = '\0';
	ret = dr_partner_setup(&p, &cfg, &wd, 1, 5 * DR_PAGE_SIZE, false, why,
			       sizeof(why));
	tap_ok(ret == -EEXIST && strstr(why, "ext2/3/4") &&
	       strstr(why, "--partner-destroy"),
	       "a file holding an ext4 signature is refused (%d: %s)", ret, why);
	dr_partner_teardown(&p, &wd);
	cfg.partner_destroy = true;
	ret = dr_partner_setup(&p, &cfg, &wd, 2, 5 * DR_PAGE_SIZE, false, why,
			       sizeof(why));
	tap_ok(ret == 0 && p.kind == DR_PARTNER_FILE && p.shared &&
	       p.slots[1].off == 5 * DR_PAGE_SIZE,
	       "--partner-destroy takes it, one range per job (%d: %s)", ret,
	       ret ? why : p.desc);
	if (!ret) {
		uint64_t r, w;

		tap_ok(dr_partner_counters(&p.slots[0], &r, &w) == 0 ||
		       p.unconfirmable[0],
		       "its device's I/O counters are readable, or the reason is said (%s)",
		       p.unconfirmable);
	} else {
		tap_skip("counters", "setup failed");
	}
	dr_partner_teardown(&p, &wd);
	cfg.partner = "/dev/null";
	cfg.partner_destroy = false;
	ret = dr_partner_setup(&p, &cfg, &wd, 1, 5 * DR_PAGE_SIZE, false, why,
			       sizeof(why));
	tap_ok(ret < 0 && strstr(why, "--partner"),
	       "a character device is refused (%d: %s)", ret, why);
	dr_partner_teardown(&p, &wd);
out:
	unlink(img);
	dr_workdir_remove(&wd);
}

int main(void)
{
	const char *dir = getenv("DAXRACE_TEST_DIR");

	if (!dir)
		dir = getenv("top_builddir") ? getenv("top_builddir") : ".";
	dr_log_level = DR_LOG_ERR;
	tap_plan(15);
	test_prng();
	test_workdir(dir);
	test_partner(dir);
	return tap_exit();
}
