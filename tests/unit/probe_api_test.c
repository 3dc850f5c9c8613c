// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The probe library API that "daxrace run" uses for its header: each call
 * answers on this machine, fails with -errno on bad input, and
 * dr_probe_fs leaves nothing behind in the directory it looks at.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "probe/probe.h"
#include "tap.h"

static int entries(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

int main(void)
{
	char tmpl[] = "/tmp/daxrace-probe-api.XXXXXX", file[64], rel[128],
	     ver[256], desc[512], why[256];
	struct dr_fs_info fs;
	struct utsname u;
	struct stat st;
	const char *dir;
	int ret;

	tap_plan(12);
	dir = mkdtemp(tmpl);
	if (!dir) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}

	ret = dr_probe_kernel(rel, sizeof(rel), ver, sizeof(ver));
	uname(&u);
	tap_ok(ret == 0 && !strcmp(rel, u.release) && !strcmp(ver, u.version),
	       "dr_probe_kernel gives uname's release and version (%s)", rel);
	dr_probe_kernel(rel, 4, NULL, 0);
	tap_ok(strlen(rel) == 3, "dr_probe_kernel truncates to the buffer");

	memset(&fs, 0xa5, sizeof(fs));
	ret = dr_probe_fs(dir, &fs);
	stat(dir, &st);
	tap_ok(ret == 0, "dr_probe_fs on a temp dir: %d", ret);
	tap_ok(fs.fstype[0] && fs.mountpoint[0] == '/' && fs.block_size >= 512 &&
	       memchr(fs.mount_options, '\0', sizeof(fs.mount_options)),
	       "it names the fs (%s), mount point (%s), block size (%llu)",
	       fs.fstype, fs.mountpoint, (unsigned long long)fs.block_size);
	tap_ok(fs.dev == st.st_dev, "dev is the directory's st_dev");
	tap_ok(fs.dax_reason[0] != '\0', "dax %s with a reason: %s",
	       fs.file_dax ? "yes" : "no", fs.dax_reason);
	tap_ok(entries(dir) == 0, "it left nothing in the directory");

	tap_ok(dr_probe_fs("/nonexistent/daxrace", &fs) == -ENOENT,
	       "a missing directory is -ENOENT");
	snprintf(file, sizeof(file), "%s/f", dir);
	fclose(fopen(file, "w"));
	tap_ok(dr_probe_fs(file, &fs) == -ENOTDIR, "a file is -ENOTDIR");
	unlink(file);

	dr_probe_fs(dir, &fs);
	ret = dr_probe_namespace(&fs, desc, sizeof(desc));
	tap_ok(ret == -EOPNOTSUPP || (ret == 0 && (fs.file_dax || !desc[0])),
	       "dr_probe_namespace: %d \"%s\"", ret, desc);

	ret = dr_probe_numa(desc, sizeof(desc));
	tap_ok(ret == -EOPNOTSUPP || (ret == 0 && strstr(desc, "node")),
	       "dr_probe_numa: %d \"%s\"", ret, desc);

	ret = dr_probe_uffd_kernel_faults(why, sizeof(why));
	tap_ok((ret == 0 || ret == 1) && why[0], "dr_probe_uffd_kernel_faults: "
	       "%d \"%s\"", ret, why);

	rmdir(dir);
	return tap_exit();
}
