# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace-vm tests: option checking, verdicts and the known-issues
# citations (no qemu), a kernel that cannot boot, and ext4/xfs DAX on one
# kernel before and one after the 6.15 refcount rework.  The VM ones SKIP
# with the reason when qemu or the kernel packages cannot be had, or when
# DAXRACE_SKIP_VM says why not.
VM_TESTS = tests/vm/usage.sh tests/vm/judge.sh tests/vm/citations.sh \
	tests/vm/bogus-kernel.sh tests/vm/timeout.sh tests/vm/dax-old.sh \
	tests/vm/dax-new.sh tests/vm/live-inject.sh tests/vm/repro.sh \
	tests/vm/namespace.sh tests/vm/strict.sh tests/vm/pvh.sh \
	tests/vm/config-fragment.sh tests/vm/numa.sh tests/vm/memmap.sh \
	tests/vm/lava-run.sh tests/vm/matrix-judge.sh tests/vm/matrix.sh
# (TESTS starts with VM_TESTS: Makefile.am)
# The tests that boot a guest take turns (one lock, tests/vm/lib.sh: TCG on
# 2 cores), and run one after another in one make job beside the rest of
# the suite (tests/vm/guest-chain.mk); TESTS starts with them (Makefile.am).
VM_GUEST_TESTS = tests/vm/bogus-kernel.sh tests/vm/timeout.sh tests/vm/dax-old.sh \
	tests/vm/dax-new.sh \
	tests/vm/live-inject.sh tests/vm/repro.sh tests/vm/namespace.sh \
	tests/vm/strict.sh tests/vm/pvh.sh tests/vm/numa.sh tests/vm/memmap.sh \
	tests/vm/lava-run.sh tests/vm/matrix.sh
# GNU make's conditionals, functions and grouped targets, which automake's
# portability check refuses in Makefile.am: in a file included as is.
include $(abs_top_srcdir)/tests/vm/guest-chain.mk
EXTRA_DIST += tests/vm/guest-chain.mk
dist_check_SCRIPTS += $(VM_TESTS)
EXTRA_DIST += tests/vm/lib.sh tests/vm/dax.inc tests/vm/kconfig-merge.py
# The upstream commits vm/known-issues cites (tests/vm/citations.sh), and
# the script that holds them to a kernel git tree.
EXTRA_DIST += tests/vm/kernel-commits.tsv scripts/kernel-commits-check.sh
AM_TESTS_ENVIRONMENT += DAXRACE_VM='$(abs_top_builddir)/daxrace-vm'; export DAXRACE_VM;

# Minimal reproducers of the kernel bugs in vm/known-issues; they run in
# the guest through daxrace-vm --exec (tests/vm/repro.sh).
check_PROGRAMS += tests/repro/dax-bio-lost-wakeup
tests_repro_dax_bio_lost_wakeup_SOURCES = tests/repro/dax-bio-lost-wakeup.c
tests_repro_dax_bio_lost_wakeup_LDADD = $(PTHREAD_LIBS)
check_PROGRAMS += tests/repro/dax-umount-busy-page
tests_repro_dax_umount_busy_page_SOURCES = tests/repro/dax-umount-busy-page.c
# Built with the tests so they stay warning-free; run them by hand with
# daxrace-vm --exec (each file's header says how and where they fail).
check_PROGRAMS += tests/repro/dax-refault-during-break \
	tests/repro/dax-write-vs-fault-warn tests/repro/dax-bio-mixed-pgmap \
	tests/repro/dax-zero-page-mkwrite-sigbus tests/repro/dax-evict-busy-page
tests_repro_dax_refault_during_break_LDADD = $(PTHREAD_LIBS)
tests_repro_dax_evict_busy_page_LDADD = $(PTHREAD_LIBS)
tests_repro_dax_zero_page_mkwrite_sigbus_LDADD = $(PTHREAD_LIBS)
tests_repro_dax_write_vs_fault_warn_LDADD = $(PTHREAD_LIBS)
tests_repro_dax_bio_mixed_pgmap_LDADD = $(PTHREAD_LIBS)
# Their sources are installed too: daxrace report --bundle copies the one
# a matched known issue names into the bundle (src/results/bundle_repro.c).
reprodir = $(pkgdatadir)/repro
dist_repro_DATA = tests/repro/dax-bio-lost-wakeup.c tests/repro/dax-umount-busy-page.c \
	tests/repro/dax-refault-during-break.c tests/repro/dax-write-vs-fault-warn.c \
	tests/repro/dax-bio-mixed-pgmap.c tests/repro/dax-zero-page-mkwrite-sigbus.c \
	tests/repro/dax-evict-busy-page.c

# The constructed NAMESPACE violation (tests/vm/namespace.sh).
check_PROGRAMS += tests/vm/ns-hold
tests_vm_ns_hold_SOURCES = tests/vm/ns-hold.c
