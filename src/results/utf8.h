/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_UTF8_H
#define DR_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Evidence is whatever the kernel logged or a file held: not always
 * UTF-8.  XML and JSON readers refuse such bytes, so the writers that
 * hand text to other programs (JUnit, KCIDB) decode it first.
 */
#define DR_UTF8_BAD UINT32_MAX

/*
 * Decodes the character at s: returns its length in bytes (0 at the NUL)
 * with the code point in *cp, or 1 with *cp DR_UTF8_BAD for a byte that
 * does not start a well-formed sequence (overlong forms, surrogates and
 * values above U+10FFFF are not well formed).
 */
size_t dr_utf8_next(const char *s, uint32_t *cp);

/*
 * A malloc'd copy of s in well-formed UTF-8 (each bad byte becomes
 * U+FFFD), cut at a character boundary to at most max bytes (a cut one
 * ends in "..."); NULL on allocation failure.
 */
char *dr_utf8_clean(const char *s, size_t max);

#endif
