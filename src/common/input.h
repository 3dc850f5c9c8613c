/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_INPUT_H
#define DR_INPUT_H

#include <stddef.h>

/*
 * Reading a file the user named (--workload, --known-issues, daxrace
 * report's result.json): whole, into memory, and bounded.  Only a regular
 * file is read: a FIFO, a device (/dev/zero) or a socket is refused before
 * the first byte, because it could block forever or never end, and so is
 * a file larger than the cap, checked by fstat and again while reading
 * (the file may grow).  The caps are documented in daxrace-workload(5),
 * daxrace-run(1) KNOWN ISSUES and daxrace-report(1).
 */
#define DR_INPUT_MAX_INI  (4u << 20)  /* workload and known-issues files */
#define DR_INPUT_MAX_JSON (64u << 20) /* result.json */

/*
 * Reads path into *buf (malloc'd, NUL-terminated; embedded NULs are kept
 * and counted in *len).  Returns 0, or -errno: from open(2) or read(2),
 * -EISDIR for a directory, -ENXIO for something not a regular file,
 * -EFBIG for a file over max bytes.  Prints nothing: dr_input_strerror()
 * words the error for the caller's message.
 */
int dr_input_read(const char *path, size_t max, char **buf, size_t *len);

/* "is a directory", "is not a regular file (...)", "is larger than 4 MiB",
 * or strerror(-err).  max as given to dr_input_read. */
const char *dr_input_strerror(int err, size_t max, char *tmp, size_t len);

#endif
