// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Section "namespace": the pmem namespace behind DIR, found by libndctl
 * the way "ndctl list" walks buses, regions and namespaces, and matched by
 * block device name (the disk under DIR's mount, "pmem0").  The
 * NAMESPACE oracle needs it: after umount it disables this namespace, and
 * a leaked page reference makes that hang.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "common/util.h"
#include "probe/probe_int.h"

struct ns_info {
	char bus[64];
	char provider[64];
	char region[64];
	char ns[64];
	char blockdev[64];
	const char *mode;
	const char *map;	/* "mem", "dev", or NULL */
	uint64_t size;
	uint64_t align;		/* 0: the mode has none */
	int numa_node;		/* -1: unknown */
};

#ifdef HAVE_LIBNDCTL
#include <ndctl/libndctl.h>

static const char *mode_name(enum ndctl_namespace_mode m)
{
	switch (m) {
	case NDCTL_NS_MODE_FSDAX:
		return "fsdax";
	case NDCTL_NS_MODE_SECTOR:
		return "sector";
	case NDCTL_NS_MODE_RAW:
		return "raw";
	case NDCTL_NS_MODE_DEVDAX:
		return "devdax";
	default:
		return "unknown";
	}
}

static const char *loc_name(enum ndctl_pfn_loc loc)
{
	switch (loc) {
	case NDCTL_PFN_LOC_RAM:
		return "mem";
	case NDCTL_PFN_LOC_PMEM:
		return "dev";
	default:
		return NULL;
	}
}

/* The block device of ndns in whatever mode it is in, or NULL. */
static const char *ns_blockdev(struct ndctl_namespace *ndns,
			       struct ns_info *out)
{
	struct ndctl_pfn *pfn = ndctl_namespace_get_pfn(ndns);
	struct ndctl_btt *btt = ndctl_namespace_get_btt(ndns);

	if (pfn) {
		out->size = ndctl_pfn_get_size(pfn);
		out->align = ndctl_pfn_get_align(pfn);
		out->map = loc_name(ndctl_pfn_get_location(pfn));
		return ndctl_pfn_get_block_device(pfn);
	}
	if (btt) {
		out->size = ndctl_btt_get_size(btt);
		return ndctl_btt_get_block_device(btt);
	}
	/* devdax has no block device: nothing can be mounted on it. */
	if (ndctl_namespace_get_dax(ndns))
		return NULL;
	out->size = ndctl_namespace_get_size(ndns);
	return ndctl_namespace_get_block_device(ndns);
}

/* 1 found, 0 no pmem namespace has that block device, -errno. */
static int find_namespace(const char *bdev, struct ns_info *out)
{
	struct ndctl_namespace *ndns;
	struct ndctl_region *region;
	struct ndctl_bus *bus;
	struct ndctl_ctx *ctx;
	int ret, found = 0;

	ret = ndctl_new(&ctx);
	if (ret)
		return ret < 0 ? ret : -ENOMEM;
	/* Quiet: a machine without NVDIMMs is not an error here. */
	ndctl_set_log_priority(ctx, LOG_CRIT);
	ndctl_bus_foreach(ctx, bus) {
		ndctl_region_foreach(bus, region) {
			ndctl_namespace_foreach(region, ndns) {
				const char *dev;

				memset(out, 0, sizeof(*out));
				dev = ns_blockdev(ndns, out);
				if (!dev || strcmp(dev, bdev))
					continue;
				dr_strlcpy(out->bus, ndctl_bus_get_devname(bus),
					   sizeof(out->bus));
				dr_strlcpy(out->provider,
					   ndctl_bus_get_provider(bus),
					   sizeof(out->provider));
				dr_strlcpy(out->region,
					   ndctl_region_get_devname(region),
					   sizeof(out->region));
				dr_strlcpy(out->ns,
					   ndctl_namespace_get_devname(ndns),
					   sizeof(out->ns));
				dr_strlcpy(out->blockdev, dev,
					   sizeof(out->blockdev));
				out->mode = mode_name(ndctl_namespace_get_mode(ndns));
				out->numa_node = ndctl_namespace_get_numa_node(ndns);
				if (out->numa_node < 0)
					out->numa_node =
						ndctl_region_get_numa_node(region);
				found = 1;
				goto out;
			}
		}
	}
out:
	ndctl_unref(ctx);
	return found;
}

#else

static int find_namespace(const char *bdev, struct ns_info *out)
{
	return -EOPNOTSUPP;
}

#endif

/* 1 found, 0 not on pmem (why says), -errno. */
static int lookup(const struct dr_fs_info *fs, struct ns_info *ns, char *why,
		  size_t len)
{
	char bdev[64];
	int ret;

	ret = dr_probe_blockdev_name(fs->dev, bdev, sizeof(bdev));
	if (ret) {
		snprintf(why, len, "%.200s is not on a block device, so not on pmem",
			 fs->source[0] ? fs->source : "the filesystem");
		return 0;
	}
	ret = find_namespace(bdev, ns);
	if (ret == 0)
		snprintf(why, len, "no pmem: %s is not the block device of any "
			 "NVDIMM namespace libndctl knows", bdev);
	else if (ret == -EOPNOTSUPP)
		snprintf(why, len, "built without libndctl (configure "
			 "--without-libndctl)");
	else if (ret < 0)
		snprintf(why, len, "libndctl: %s", strerror(-ret));
	else
		snprintf(why, len, "%s is %s on %s", bdev, ns->ns, ns->region);
	return ret;
}

int dr_probe_namespace(const struct dr_fs_info *fs, char *desc, size_t len)
{
	char why[256], size[32], align[32] = "";
	struct ns_info ns;
	int ret;

	if (len)
		desc[0] = '\0';
	ret = lookup(fs, &ns, why, sizeof(why));
	if (ret <= 0)
		return ret;
	dr_probe_human_bytes(ns.size, size, sizeof(size));
	if (ns.align)
		dr_probe_human_bytes(ns.align, align, sizeof(align));
	snprintf(desc, len, "%s (%s) %s %s %s size %s%s%s map %s node %d /dev/%s",
		 ns.bus, ns.provider, ns.region, ns.ns, ns.mode, size,
		 ns.align ? " align " : "", align, ns.map ? ns.map : "-",
		 ns.numa_node, ns.blockdev);
	return 0;
}

void dr_probe_section_namespace(struct dr_probe_ctx *ctx, struct dr_pnode *sec)
{
	static const char *const keys[] = {
		"bus", "provider", "region", "namespace", "block_device", "mode",
		"size", "align", "map", "numa_node",
	};
	char why[256];
	struct ns_info ns;
	int ret = 0;

	if (ctx->fs_ok)
		ret = lookup(&ctx->fs, &ns, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "DIR's filesystem is unknown");
	dr_strlcpy(ctx->namespace_why, why, sizeof(ctx->namespace_why));
	if (ret < 0 || !ctx->fs_ok)
		dr_pn_unknown(sec, "found", "%s", why);
	else
		dr_pn_yesno(sec, "found", ret == 1, "%s", why);
	if (ret != 1) {
		for (size_t i = 0; i < DR_ARRAY_SIZE(keys); i++)
			dr_pn_null(sec, keys[i]);
		return;
	}
	ctx->namespace_found = true;
	dr_pn_str(sec, "bus", ns.bus);
	dr_pn_str(sec, "provider", ns.provider);
	dr_pn_str(sec, "region", ns.region);
	dr_pn_str(sec, "namespace", ns.ns);
	dr_pn_str(sec, "block_device", ns.blockdev);
	dr_pn_str(sec, "mode", ns.mode);
	dr_pn_bytes(sec, "size", ns.size);
	if (ns.align)
		dr_pn_bytes(sec, "align", ns.align);
	else
		dr_pn_reason(dr_pn_null(sec, "align"), "%s mode has no alignment",
			     ns.mode);
	if (ns.map)
		dr_pn_reason(dr_pn_str(sec, "map", ns.map), "%s",
			     strcmp(ns.map, "mem") ? "struct pages on the device" :
			     "struct pages in RAM");
	else
		dr_pn_reason(dr_pn_null(sec, "map"), "no pfn device (%s mode)",
			     ns.mode);
	if (ns.numa_node >= 0)
		dr_pn_int(sec, "numa_node", ns.numa_node);
	else
		dr_pn_null(sec, "numa_node");
}
