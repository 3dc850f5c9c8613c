// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kernel.config in result.json: the kernel config options a maintainer
 * asks about for an fsdax/GUP report, read once when the run starts, so
 * that "daxrace report --bundle" can quote them long after the machine
 * (or the guest) is gone.  The file is $DAXRACE_KERNEL_CONFIG when set
 * (daxrace-vm passes the guest kernel's own config that way: a guest has
 * no /boot), else /boot/config-RELEASE as distributions install it, else
 * /proc/config.gz (CONFIG_IKCONFIG_PROC), decompressed by gzip(1) rather
 * than a compression library for one small file.
 */
/* first: it defines _GNU_SOURCE, for pipe2 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common/spawn.h"
#include "common/util.h"
#include "results/report.h"

/*
 * Every option of vm/daxrace.config (tests/integration/run-kconfig.sh
 * holds the two together), plus what decides how the fsdax paths behave
 * without being needed to boot: PMD faults, the pmem API, the ext4 and
 * xfs variants, the debug options that turn a silent bug into a WARN.
 */
static const char *const options[] = {
	/* fsdax and the pmem below it */
	"FS_DAX", "FS_DAX_PMD", "FS_DAX_LIMITED", "DAX", "DEV_DAX", "DEV_DAX_PMEM",
	"NVDIMM_DAX", "ZONE_DEVICE", "LIBNVDIMM", "BLK_DEV_PMEM", "ACPI_NFIT",
	"NVDIMM_PFN", "BTT", "X86_PMEM_LEGACY", "ARCH_HAS_PMEM_API",
	"SPARSEMEM_VMEMMAP", "MIGRATION", "MEMORY_HOTPLUG", "MEMORY_HOTREMOVE",
	"TRANSPARENT_HUGEPAGE", "NUMA",
	/* GUP paths and how daxrace holds them */
	"USERFAULTFD", "IO_URING", "BLK_DEV_LOOP", "VIRTIO_BLK", "BLK_DEV_NULL_BLK",
	/* the filesystems */
	"EXT4_FS", "EXT4_DEBUG", "XFS_FS", "XFS_RT", "XFS_ONLINE_SCRUB", "XFS_DEBUG",
	/* what reports a failure, and how */
	"DETECT_HUNG_TASK", "STACKTRACE", "DEBUG_VM", "PROVE_LOCKING", "KASAN",
	"HZ",
	/* booting it in daxrace-vm */
	"HYPERVISOR_GUEST", "PVH", "BLK_DEV_INITRD", "BINFMT_ELF", "BINFMT_SCRIPT",
	"SERIAL_8250", "SERIAL_8250_CONSOLE", "PRINTK", "ACPI", "PCI", "PROC_FS",
	"SYSFS", "DEVTMPFS", "TMPFS", "UNIX98_PTYS", "MAGIC_SYSRQ", "BLK_DEV",
	"VIRTIO_MENU", "VIRTIO_PCI", "NET", "INET", "NET_9P", "NET_9P_VIRTIO",
	"9P_FS",
};

static int wanted(const char *name, size_t len)
{
	for (size_t i = 0; i < DR_ARRAY_SIZE(options); i++)
		if (strlen(options[i]) == len && !memcmp(options[i], name, len))
			return (int)i;
	return -1;
}

/* "CONFIG_X=VALUE" or "# CONFIG_X is not set": sets vals[X]. */
static void parse_line(char *line, char **vals)
{
	const char *v;
	char *name, *end;
	size_t vlen;
	int i;

	line[strcspn(line, "\n")] = '\0';
	if (!strncmp(line, "# CONFIG_", 9)) {
		name = line + 9;
		end = strstr(name, " is not set");
		if (!end || end[11])
			return;
		v = "n";
		vlen = 1;
	} else if (!strncmp(line, "CONFIG_", 7)) {
		name = line + 7;
		end = strchr(name, '=');
		if (!end)
			return;
		v = end + 1;
		vlen = strlen(v);
		/* A string option's quotes are .config syntax, not its value. */
		if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
			v++;
			vlen -= 2;
		}
	} else {
		return;
	}
	i = wanted(name, (size_t)(end - name));
	if (i < 0)
		return;
	free(vals[i]);
	vals[i] = strndup(v, vlen);
}

/* Opens path for reading, through gzip -dc when it ends in .gz. */
static FILE *open_config(const char *path, pid_t *pid)
{
	size_t n = strlen(path);
	const char *argv[] = { "gzip", "-dc", "--", path, NULL };
	int p[2], ret;
	FILE *f;

	*pid = -1;
	if (n < 3 || strcmp(path + n - 3, ".gz"))
		return fopen(path, "re");
	/* Before gzip: its "No such file" would not say which option. */
	if (access(path, R_OK))
		return NULL;
	if (pipe2(p, O_CLOEXEC))
		return NULL;
	ret = dr_spawn(argv, p[1], pid);
	close(p[1]);
	if (ret) {
		close(p[0]);
		errno = -ret;
		return NULL;
	}
	f = fdopen(p[0], "r");
	if (!f) {
		ret = errno;
		close(p[0]);
		dr_spawn_wait(*pid);
		errno = ret;
	}
	return f;
}

static int read_config(const char *path, struct dr_kconfig *kc)
{
	char *vals[DR_ARRAY_SIZE(options)] = { NULL };
	char line[4096];
	pid_t pid;
	FILE *f = open_config(path, &pid);
	int ret = 0, st;

	snprintf(kc->source, sizeof(kc->source), "%s", path);
	if (!f) {
		ret = -errno;
		snprintf(kc->error, sizeof(kc->error), "%s: %s", path, strerror(errno));
		return ret;
	}
	while (fgets(line, sizeof(line), f))
		parse_line(line, vals);
	fclose(f);
	if (pid > 0 && (st = dr_spawn_wait(pid))) {
		snprintf(kc->error, sizeof(kc->error), "%s: gzip -dc %s %d", path,
			 st < 0 ? "could not be waited for:" : "failed with status",
			 st < 0 ? -st : st);
		ret = -EIO;
		goto out;
	}
	kc->options = json_object_new_object();
	if (!kc->options) {
		ret = -ENOMEM;
		goto out;
	}
	/* An option the file does not name is unset to the kernel too
	 * (its dependencies are not): "n" either way. */
	for (size_t i = 0; i < DR_ARRAY_SIZE(options); i++) {
		char name[64];

		snprintf(name, sizeof(name), "CONFIG_%s", options[i]);
		if (json_object_object_add(kc->options, name,
					   json_object_new_string(vals[i] ? vals[i] : "n"))) {
			json_object_put(kc->options);
			kc->options = NULL;
			ret = -ENOMEM;
			goto out;
		}
	}
out:
	for (size_t i = 0; i < DR_ARRAY_SIZE(options); i++)
		free(vals[i]);
	return ret;
}

void dr_kconfig_read(struct dr_kconfig *kc)
{
	const char *env = getenv("DAXRACE_KERNEL_CONFIG");
	char boot[sizeof("/boot/config-") + sizeof(((struct utsname *)0)->release)];
	struct utsname u = { .release = "?" };

	memset(kc, 0, sizeof(*kc));
	/* Named: that file or nothing; another one would be another kernel's. */
	if (env && *env) {
		read_config(env, kc);
		return;
	}
	if (!uname(&u)) {
		snprintf(boot, sizeof(boot), "/boot/config-%s", u.release);
		if (read_config(boot, kc) != -ENOENT)
			return;
	}
	if (read_config("/proc/config.gz", kc) == -ENOENT)
		snprintf(kc->error, sizeof(kc->error),
			 "no kernel config: /boot/config-%s and /proc/config.gz missing, DAXRACE_KERNEL_CONFIG unset",
			 u.release);
}

void dr_kconfig_free(struct dr_kconfig *kc)
{
	json_object_put(kc->options);
	kc->options = NULL;
}
