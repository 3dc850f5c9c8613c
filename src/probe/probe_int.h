/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_PROBE_INT_H
#define DR_PROBE_INT_H

/*
 * Inside "daxrace probe": the sections, the facts they hand to the verdict,
 * and the little tree both renderers (table, JSON) read.  Not for use
 * outside src/probe; the public API is probe.h.
 */
#include <stdbool.h>
#include <stdint.h>

#include "probe/probe.h"

/*
 * The report is a tree whose leaves carry an optional reason.  In JSON a
 * leaf KEY with a reason becomes "KEY": value, "KEY_reason": "...", so the
 * field names are the same in the table and in daxrace-probe(1).
 */
enum dr_pn_type {
	DR_PN_OBJ,
	DR_PN_ARR,
	DR_PN_STR,
	DR_PN_INT,
	DR_PN_BOOL,
	DR_PN_NULL,	/* unknown: could not be found out */
};

struct dr_pnode {
	enum dr_pn_type type;
	char *key;		/* NULL for array elements */
	char *str;		/* DR_PN_STR */
	int64_t num;		/* DR_PN_INT */
	bool yes;		/* DR_PN_BOOL */
	bool bytes;		/* DR_PN_INT: a size, shown as "1.0 GiB" too */
	bool was_bool;		/* DR_PN_NULL: an unknown yes/no */
	char *reason;
	struct dr_pnode *child, *last, *next;
};

struct dr_pnode *dr_pn_root(void);
void dr_pn_free(struct dr_pnode *n);
/* True once an allocation failed; every dr_pn_* tolerates a NULL parent. */
bool dr_pn_oom(void);

struct dr_pnode *dr_pn_obj(struct dr_pnode *parent, const char *key);
struct dr_pnode *dr_pn_arr(struct dr_pnode *parent, const char *key);
/* val NULL makes a null leaf. */
struct dr_pnode *dr_pn_str(struct dr_pnode *parent, const char *key,
			   const char *val);
struct dr_pnode *dr_pn_int(struct dr_pnode *parent, const char *key,
			   int64_t val);
struct dr_pnode *dr_pn_bytes(struct dr_pnode *parent, const char *key,
			     uint64_t val);
struct dr_pnode *dr_pn_null(struct dr_pnode *parent, const char *key);
/* A yes/no leaf; every yes/no has a reason. */
struct dr_pnode *dr_pn_yesno(struct dr_pnode *parent, const char *key,
			     bool yes, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* An unknown yes/no (null in JSON, "?" in the table), with the reason. */
struct dr_pnode *dr_pn_unknown(struct dr_pnode *parent, const char *key,
			       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sets or replaces the reason of any leaf; returns n. */
struct dr_pnode *dr_pn_reason(struct dr_pnode *n, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

int dr_probe_render_table(const struct dr_pnode *root);
/* 0, or -EOPNOTSUPP when built without json-c, or -ENOMEM. */
int dr_probe_render_json(const struct dr_pnode *root);

/* What one section found out that the verdict (and later sections) need. */
struct dr_probe_ctx {
	const char *dir;
	const char *partner;	/* NULL: --partner not given */
	int tmp_fd;		/* an unlinked file under dir, or -1 */

	struct dr_fs_info fs;
	bool fs_ok;

	bool partner_usable;
	char partner_why[256];

	bool namespace_found;
	char namespace_why[256];

	bool uffd_kernel;
	char uffd_why[256];

	bool uring_usable;
	char uring_why[256];
	bool uring_ops;		/* every opcode daxrace uses is there */
	char uring_ops_why[256];

	bool root;
	bool cap_sys_admin;
	bool kmsg_read;
	char kmsg_why[256];
	bool loop_control;	/* /dev/loop-control is usable */
};

/*
 * The sections, in output order.  The verdict comes last because it reads
 * what the others found.  Adding a section is one file and one line here.
 */
#define DR_PROBE_SECTIONS(X) \
	X(daxrace)     \
	X(kernel)      \
	X(dir)         \
	X(partner)     \
	X(pmem2)       \
	X(namespace)   \
	X(numa)        \
	X(userfaultfd) \
	X(io_uring)    \
	X(system)      \
	X(verdict)

#define DR_DECLARE_SECTION(name) \
	void dr_probe_section_##name(struct dr_probe_ctx *ctx, struct dr_pnode *sec);
DR_PROBE_SECTIONS(DR_DECLARE_SECTION)
#undef DR_DECLARE_SECTION

/* Creates a file under dir with mkstemp (O_EXCL) and unlinks it at once,
 * so nothing is left behind even if probe is killed.  fd or -errno. */
int dr_probe_tmpfile(const char *dir);
/* dr_probe_fs on a file made by dr_probe_tmpfile. */
int dr_probe_fs_fd(const char *dir, int fd, struct dr_fs_info *out);
/* Name of the whole-disk block device behind dev ("pmem0"), or -errno. */
int dr_probe_blockdev_name(dev_t dev, char *name, size_t len);

/* Fills the mount fields of out for canonical path real on device dev. */
int dr_probe_find_mount(const char *real, dev_t dev, struct dr_fs_info *out);
/* "always" (dax, dax=always), "inode", "never" or "none". */
const char *dr_probe_dax_mode(const struct dr_fs_info *fs);
/* 1 when the block device under fs has QUEUE_FLAG_DAX, 0 not, -errno. */
int dr_probe_device_dax(const struct dr_fs_info *fs);

/* Is capability cap (CAP_SYS_ADMIN ...) in our effective set? */
bool dr_probe_has_cap(int cap);

/* "1.0 GiB" */
void dr_probe_human_bytes(uint64_t v, char *buf, size_t len);

#endif
