/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_INI_H
#define DR_INI_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The INI reading shared by workload files (daxrace-workload(5)) and the
 * known-issues file (vm/known-issues): libinih splits KEY = VALUE, trims
 * and joins continuation lines; this layer frames the lines it is given
 * and refuses what inih would read silently wrong:
 *
 *   - lines end at LF, CRLF or a lone CR (unless lf_only); a UTF-8 BOM
 *     at the start is skipped;
 *   - a NUL or a control character other than tab, a line longer than
 *     DR_INI_MAX_LINE, and ':' as a separator are errors;
 *   - "[NAME]" (blanks around it allowed) names a section of letters,
 *     digits, '.', '_' and '-', and nothing may follow the ']';
 *   - there are no comments after a value: ';' and '#' are text there.
 *
 * Every error is one line "NAME:LINE: ..." on stderr (through dr_log), by
 * this layer or by the callbacks, which get the line number.  Not
 * thread-safe: inih's options are process-wide and set on every call.
 */
#define DR_INI_MAX_LINE 4094 /* bytes, not counting the line end */

struct dr_ini_syntax {
	const char *comments; /* characters that start a comment line */
	bool continuation;    /* an indented line goes on with the last key */
	bool bare_keys;       /* a line "KEY" alone is passed with value NULL */
	/*
	 * Lines end at LF only (a CR is an error) and nothing, not even a
	 * blank, follows a header's ']': the known-issues file's grammar,
	 * kept as strict as it has always been.
	 */
	bool lf_only;
};

struct dr_ini_ops {
	/* "[name]" on line; every section, even one without keys. */
	int (*section)(void *user, const char *name, unsigned int line);
	/*
	 * "key = value", trimmed; value is NULL for a bare key.  When cont,
	 * value is an indented continuation line of key (trimmed).  Return
	 * 0, or nonzero after printing the error: parsing stops there.
	 */
	int (*key)(void *user, const char *key, const char *value, bool cont,
		   unsigned int line);
};

/*
 * Parses buf[0..len) (NULs inside are errors, none needed at the end).
 * name names the input in messages.  Returns 0, the first nonzero
 * callback return, or -EINVAL after a syntax error.  *lines, if not NULL,
 * gets the number of lines read.
 */
int dr_ini_parse(const char *name, const char *buf, size_t len,
		 const struct dr_ini_syntax *syn, const struct dr_ini_ops *ops,
		 void *user, unsigned int *lines);

/* "file:12: " prefixes the callbacks use, with control bytes escaped. */
__attribute__((format(printf, 3, 4)))
int dr_ini_error(const char *name, unsigned int line, const char *fmt, ...);

#endif
