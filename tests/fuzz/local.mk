# SPDX-License-Identifier: GPL-2.0-or-later
#
# libFuzzer targets, one file each, over what a user hands daxrace:
# workload files, the known-issues file and its matcher, result.json as
# "daxrace report" reads it, and the command line.  The library is built
# by $(CC); clang instruments its own copy of every library source (NAME.c
# -> NAME.fuzzo beside NAME.o), so a target links exactly the code that
# ships.  One suffix rule compiles, one links; a new target is one file
# and one word in FUZZ_TARGETS, plus its seeds in tests/fuzz/corpus/NAME/.
#
# Each target is a test: tests/fuzz/run.sh replays its corpus, fuzzes it
# for a bounded time, and shows that it can fail (DR_FUZZ_PLANT).  The
# test is named by the target's source, which exists with or without
# clang, so that without one it SKIPs with the reason instead of vanishing.
FUZZ_TARGETS = workload known result options
FUZZ_SOURCES = tests/fuzz/workload.c tests/fuzz/known.c tests/fuzz/result.c \
	tests/fuzz/options.c
FUZZ_PROGS = tests/fuzz/workload.fuzzer tests/fuzz/known.fuzzer \
	tests/fuzz/result.fuzzer tests/fuzz/options.fuzzer

TEST_EXTENSIONS += .c
C_LOG_DRIVER = $(LOG_DRIVER)
C_LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/fuzz/run.sh
if HAVE_JSONC
TESTS += $(FUZZ_SOURCES)
endif
EXTRA_DIST += $(FUZZ_SOURCES) tests/fuzz/fuzz.h tests/fuzz/run.sh tests/fuzz/planted \
	tests/fuzz/corpus
AM_TESTS_ENVIRONMENT += DAXRACE_FUZZ_SKIP='$(FUZZ_SKIP)'; export DAXRACE_FUZZ_SKIP;

if FUZZ
if HAVE_JSONC
check_SCRIPTS += $(FUZZ_PROGS)
endif
endif

SUFFIXES = .fuzzo .fuzzer
# -O1 keeps the sanitizers' reports readable; no recovery, so that any
# UBSan report is a crash libFuzzer keeps.  partner.c's fiemap buffer is
# a GNU extension gcc accepts silently.
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Wno-gnu-variable-sized-type-not-at-end
FUZZ_COMPILE = $(FUZZ_CC) $(DEFS) $(DEFAULT_INCLUDES) $(INCLUDES) $(AM_CPPFLAGS) \
	$(CPPFLAGS) $(AM_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link
# The library's sources list its headers too: only the .fuzzo words are
# objects.  Each object's header dependencies come from clang (-MMD).
FUZZ_LIB_ALL = $(libdaxrace_a_SOURCES:.c=.fuzzo) \
	$(nodist_libdaxrace_a_SOURCES:.c=.fuzzo)
FUZZ_LIB = tests/fuzz/libdaxrace-fuzz.a

.c.fuzzo:
	$(AM_V_CC)$(MKDIR_P) `dirname $@` && \
	$(FUZZ_COMPILE) -MMD -MP -MF $@.d -c -o $@ $<
.fuzzo.fuzzer:
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< \
		$(FUZZ_LIB) $(DR_LIBS)
$(FUZZ_PROGS): $(FUZZ_LIB)
$(FUZZ_LIB): $(FUZZ_LIB_ALL)
	$(AM_V_AR)rm -f $@ && $(AR) $(ARFLAGS) $@ \
		`for o in $(FUZZ_LIB_ALL); do case $$o in *.fuzzo) echo $$o;; esac; done` && \
	$(RANLIB) $@
-include $(FUZZ_LIB_ALL:=.d) $(FUZZ_SOURCES:.c=.fuzzo.d)

clean-local: clean-fuzz
clean-fuzz:
	-rm -f $(FUZZ_PROGS) $(FUZZ_LIB) $(FUZZ_SOURCES:.c=.fuzzo) \
		$(FUZZ_SOURCES:.c=.fuzzo.d)
	-for o in $(FUZZ_LIB_ALL); do \
		case $$o in *.fuzzo) rm -f $$o $$o.d;; esac; \
	done
	-rm -rf tests/fuzz/work
.PHONY: clean-fuzz
