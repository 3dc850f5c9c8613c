// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text for an XML 1.0 document, whatever bytes it came as: evidence holds
 * kernel log lines, hex dumps and file contents.  The markup characters
 * become entities; characters XML 1.0 does not allow at all (controls
 * other than tab, newline and carriage return, U+FFFE, U+FFFF) are
 * dropped, since not even a character reference may name them; bytes
 * that are not UTF-8 become U+FFFD.  In an attribute, tab, newline and
 * carriage return are written as references, or a parser would turn
 * them into blanks (XML 1.0 s.3.3.3).
 */
#include <stdbool.h>
#include <stdio.h>

#include "results/utf8.h"
#include "results/xml_escape.h"

static bool xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

void dr_xml_escape(FILE *out, const char *s, bool attr)
{
	size_t n;
	uint32_t c;

	for (; s && *s; s += n) {
		n = dr_utf8_next(s, &c);
		if (c == DR_UTF8_BAD) {
			fputs("\xef\xbf\xbd", out);
			continue;
		}
		if (!xml_char(c))
			continue;
		switch (c) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out); /* "]]>" may not appear in text */
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\t':
		case '\n':
		case '\r':
			if (attr)
				fprintf(out, "&#%u;", (unsigned int)c);
			else
				fputc((int)c, out);
			break;
		default:
			fwrite(s, 1, n, out);
		}
	}
}
