/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef DR_XML_ESCAPE_H
#define DR_XML_ESCAPE_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Writes s as XML 1.0 character data (attr false) or as the value of a
 * double-quoted attribute (attr true): & < > " escaped, characters XML
 * cannot hold dropped, bytes that are not UTF-8 as U+FFFD.
 */
void dr_xml_escape(FILE *out, const char *s, bool attr);

#endif
