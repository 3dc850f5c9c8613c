// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dr_utf8_next, dr_utf8_clean and dr_xml_escape on the bytes evidence can
 * hold: markup, controls, overlong and truncated sequences, surrogates,
 * U+FFFE, code points past U+10FFFF, 4-byte characters, and a cut that
 * must not split a character.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "results/utf8.h"
#include "results/xml_escape.h"

static char *esc(const char *s, bool attr)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	dr_xml_escape(f, s, attr);
	fclose(f);
	return buf;
}

static bool is(char *got, const char *want)
{
	bool ok = got && !strcmp(got, want);

	if (!ok)
		tap_diag("got '%s', want '%s'", got ? got : "(null)", want);
	free(got);
	return ok;
}

static bool bad(const char *s)
{
	uint32_t cp;

	return dr_utf8_next(s, &cp) == 1 && cp == DR_UTF8_BAD;
}

int main(void)
{
	uint32_t cp;
	char *c;

	tap_plan(11);
	tap_ok(dr_utf8_next("\xf0\x9f\x98\x80", &cp) == 4 && cp == 0x1f600 &&
	       dr_utf8_next("\xc3\xa9", &cp) == 2 && cp == 0xe9 &&
	       dr_utf8_next("", &cp) == 0, "UTF-8: 2 and 4 bytes, and the end");
	tap_ok(bad("\xc0\xaf") && bad("\xe0\x80\xaf") && bad("\xed\xa0\x80") &&
	       bad("\xf4\x90\x80\x80") && bad("\xff") && bad("\x80"),
	       "UTF-8: overlong, surrogate, past U+10FFFF, stray bytes are bad");
	tap_ok(bad("\xe2\x82") && bad("\xf0\x9f\x98"), "UTF-8: a sequence cut by the NUL is bad");
	tap_ok(is(esc("a<b>&\"c' ]]>", false), "a&lt;b&gt;&amp;&quot;c' ]]&gt;"),
	       "XML: markup escaped, ]]> cannot appear");
	tap_ok(is(esc("t\tn\nr\r\x01\x08\x0b\x0c\x1b\x1f.", false), "t\tn\nr\r."),
	       "XML text: tab, newline, CR kept; other controls dropped");
	tap_ok(is(esc("t\tn\nr\r\"", true), "t&#9;n&#10;r&#13;&quot;"),
	       "XML attribute: tab, newline, CR as references");
	tap_ok(is(esc("x\xef\xbf\xbey\xef\xbf\xbfz", false), "xyz"), "XML: U+FFFE, U+FFFF dropped");
	tap_ok(is(esc("\xff\xc3(\xed\xa0\x80", false),
		  "\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"),
	       "XML: each bad byte becomes U+FFFD");
	tap_ok(is(esc("\xf0\x9f\x98\x80 \xc3\xa9", false), "\xf0\x9f\x98\x80 \xc3\xa9"),
	       "XML: valid characters pass unchanged");
	tap_ok(is(dr_utf8_clean("ok\xff", 100), "ok\xef\xbf\xbd"), "clean: a bad byte as U+FFFD");
	/* "aé" + the cut: 10 bytes at most, the é (2 bytes) not split */
	c = dr_utf8_clean("aaaaaa\xc3\xa9zzzz", 10);
	tap_ok(is(c, "aaaaaa..."), "clean: cut to the limit at a character boundary");
	return tap_exit();
}
