/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_KNOWN_H
#define DR_KNOWN_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine/engine.h"

/*
 * Known kernel issues (vm/known-issues; its FORMAT is documented at its
 * top).  daxrace-vm matches the same file with awk (known_issue() in
 * vm/daxrace-vm.in): dr_known_match must answer exactly as that does, and
 * tests/integration/known-agree.sh checks that it does.  Where the awk's
 * answer would be surprising (a space in an fs list, an unclosed glob
 * bracket, a key it does not know), the parser here refuses the file, so
 * the two agree on every file daxrace accepts.
 */
#define DR_KNOWN_MAX_FS 3 /* ext4, xfs, xfs-reflink */

struct dr_known_issue {
	char *id;                  /* the section name */
	unsigned int line;         /* of the section header */
	char *kernel_lo, *kernel_hi; /* "" = open */
	bool any_fs;               /* fs = * */
	const char *fs[DR_KNOWN_MAX_FS + 1]; /* NULL-terminated, static words */
	char *scenario;            /* fnmatch(3) glob over the slug */
	char *oracle;
	char *fix, *reproducer, *explanation;
	char *introduced;          /* may be NULL, as reproducer */
	char *evidence;            /* ERE over a violation's text, or NULL */
	regex_t evidence_re;       /* compiled evidence, when it is set */
};

struct dr_known_issues {
	char *path;
	struct dr_known_issue *issues;
	size_t nr;
};

/*
 * Reads path: a regular file of at most DR_INPUT_MAX_INI bytes.  Returns
 * 0; -errno when it cannot be read (no message: the caller knows whether
 * a missing file matters; dr_input_strerror words it: -EISDIR, -ENXIO
 * for a FIFO or device, -EFBIG); or -EINVAL after a one-line
 * "PATH:LINE: ..." error naming the field.
 */
int dr_known_load(struct dr_known_issues *ki, const char *path);
/*
 * The parser on memory: buf[0..len) (need not be NUL-terminated; a NUL
 * inside is an error), named name in messages.  Returns 0, -EINVAL after
 * one "NAME:LINE: ..." line on stderr, or -ENOMEM; on error ki is freed
 * and empty.  Never reads past len, never crashes on any input: the
 * entry point of the known-issues fuzz target (then dr_known_match on the
 * result, and dr_known_free).
 */
int dr_known_parse_buffer(struct dr_known_issues *ki, const char *name,
			  const char *buf, size_t len);
void dr_known_free(struct dr_known_issues *ki);

/*
 * The first entry, in file order, whose kernel range holds release, whose
 * fs list names fs, whose glob matches scenario, whose oracle is oracle
 * and, if it has an evidence regex, whose regex matches text; NULL when
 * none does (or ki is NULL).  text is a violation's summary, a newline and
 * its evidence (dr_known_text); NULL or "" when there is none, and then
 * no entry with evidence matches: it cannot vouch for what it has not seen.
 */
const struct dr_known_issue *dr_known_match(const struct dr_known_issues *ki,
					    const char *release, const char *fs,
					    const char *scenario, const char *oracle,
					    const char *text);

/* "SUMMARY\nEVIDENCE", or SUMMARY alone without evidence; malloc'd or NULL. */
char *dr_known_text(const char *summary, const char *evidence);

/*
 * The version kernel ranges are compared with, as daxrace-vm takes it: a
 * Debian kernel's release (6.1.0-56-amd64) does not say its upstream
 * sublevel, its version string does ("#1 SMP ... Debian 6.1.192-2 (...)"
 * -> 6.1.192); other kernels use the release.  version is uname -v.
 */
void dr_known_kernel(const char *release, const char *version, char *out,
		     size_t len);

/*
 * Release order as daxrace-vm's awk computes it: every run of non-digits
 * is a separator, the first five numbers are compared ("6.1.0-56-amd64"
 * is 6.1.0.56.64, "6.12" is 6.12.0.0.0).  <0, 0 or >0.
 */
int dr_known_vercmp(const char *a, const char *b);

/*
 * Applying the file to a run (known_run.c).  Matching is per violation:
 * (release, fs, scenario, oracle) as daxrace-vm matches them, and the
 * violation's text for entries with evidence.  Violations beyond the kept
 * 256 are only counted, their text is gone: when some were dropped, every
 * failing oracle must also match an entry without evidence.
 */
struct dr_known_verdict {
	/* Per FAIL oracle whose every violation matched: its first one's entry. */
	const struct dr_known_issue *issue[DR_ORACLE_COUNT];
	/* Per kept violation (oracles.violations[i]): its entry, NULL = new. */
	const struct dr_known_issue **viol;
	bool known; /* a FAIL whose every FAIL oracle matched an entry */
};

/*
 * The fs word entries name: the probe's type, except that an xfs whose
 * superblock has reflink is "xfs-reflink" (mkfs.xfs -m reflink=1, as
 * daxrace-vm --fs xfs-reflink makes it).  dir is on that filesystem.
 */
void dr_known_fs_word(const char *dir, const char *fs_type, char *out, size_t len);

/*
 * One verdict per scenario of res, in one calloc'd block that also holds
 * every viol array: free() it whole.  NULL on allocation failure.
 * release is the kernel's (uname -r), fs from dr_known_fs_word.
 */
struct dr_known_verdict *dr_known_classify(const struct dr_known_issues *ki,
					   const struct dr_run_result *res,
					   const char *release, const char *fs);

/*
 * A group's exit status once known issues are taken out: a FAIL that is
 * all known counts as a scenario that ran, not as a bug, unless strict.
 * Anything but DR_EXIT_BUG from the engine is kept as it is.
 */
int dr_known_group_exit(const struct dr_run_result *res,
			const struct dr_known_verdict *kv, int engine_exit,
			bool strict);

/* What --known-issues names: an explicit FILE, "none", or the default. */
#define DR_KNOWN_NONE "none"
/*
 * Loads the file --known-issues names (NULL: $DAXRACE_KNOWN_ISSUES if set,
 * else the default, the installed $(pkgdatadir)/known-issues, else the
 * source tree's vm/known-issues; a missing default means no known issues).  ki->path stays NULL when there
 * is no file.  Returns 0 or a dr_exit code after a one-line error.
 */
int dr_known_open(struct dr_known_issues *ki, const char *arg);

#endif
