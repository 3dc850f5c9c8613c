// SPDX-License-Identifier: GPL-2.0-or-later
/* Well-formed UTF-8 (RFC 3629) out of arbitrary bytes. */
#include <stdlib.h>
#include <string.h>

#include "results/utf8.h"

size_t dr_utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[0], min;
	size_t n;

	*cp = c;
	if (c < 0x80)
		return c ? 1 : 0;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		*cp = DR_UTF8_BAD;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		/* a NUL here is not a continuation byte: no read past it */
		if ((u[i] & 0xc0) != 0x80) {
			*cp = DR_UTF8_BAD;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = DR_UTF8_BAD;
		return 1;
	}
	*cp = c;
	return n;
}

char *dr_utf8_clean(const char *s, size_t max)
{
	size_t len = s ? strlen(s) : 0, used = 0, n;
	char *out;
	uint32_t cp;

	/* each bad byte grows to 3 (U+FFFD) */
	out = malloc(len * 3 + 4);
	if (!out)
		return NULL;
	for (; s && *s; s += n) {
		n = dr_utf8_next(s, &cp);
		if (cp == DR_UTF8_BAD) {
			memcpy(out + used, "\xef\xbf\xbd", 3);
			used += 3;
		} else {
			memcpy(out + used, s, n);
			used += n;
		}
	}
	out[used] = '\0';
	if (used <= max)
		return out;
	/* Cut to max with "...": back to the start of a character. */
	used = max > 3 ? max - 3 : 0;
	while (used && ((unsigned char)out[used] & 0xc0) == 0x80)
		used--;
	memcpy(out + used, "...", 4);
	return out;
}
