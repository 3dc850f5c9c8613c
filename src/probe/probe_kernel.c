// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel release and version: the first thing a bug report needs, and what
 * decides which fs/dax.c refcounting daxrace is racing (before or after
 * the 6.15 "Fix ZONE_DEVICE page reference counts" rework).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "common/util.h"
#include "probe/probe_int.h"

int dr_probe_kernel(char *release, size_t rlen, char *version, size_t vlen)
{
	struct utsname u;

	if (uname(&u))
		return -errno;
	if (release)
		dr_strlcpy(release, u.release, rlen);
	if (version)
		dr_strlcpy(version, u.version, vlen);
	return 0;
}

void dr_probe_section_kernel(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	char release[128], version[256];
	struct utsname u;
	int ret;

	ret = dr_probe_kernel(release, sizeof(release), version, sizeof(version));
	if (ret) {
		dr_pn_reason(dr_pn_null(sec, "release"), "uname: %s",
			     strerror(-ret));
		dr_pn_null(sec, "version");
		dr_pn_null(sec, "machine");
		return;
	}
	dr_pn_str(sec, "release", release);
	dr_pn_str(sec, "version", version);
	dr_pn_str(sec, "machine", uname(&u) ? NULL : u.machine);
}
