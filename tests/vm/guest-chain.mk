# SPDX-License-Identifier: GPL-2.0-or-later
# Included by the generated Makefile (tests/vm/local.mk).  The tests that
# boot a guest run one after another in one make job: one rule makes all
# of their logs, each through automake's own .sh.log rule in a sub-make.
# A guest under TCG keeps about one core busy, so under make -j2 the other
# job slot runs the rest of the suite beside them.  (A make dependency
# from each log to the previous one would not do: GNU make leaves a target
# whose prerequisite is still being made until it has started everything
# else, so the guests would run last and alone; and the one-guest lock of
# tests/vm/lib.sh alone lets a test wait for its turn in a job slot.)
vm_guest_run = $(filter $(VM_GUEST_TESTS),$(TESTS))
vm_guest_logs = $(vm_guest_run:.sh=.log)
ifndef DR_VM_GUEST_INNER
ifneq ($(word 2,$(vm_guest_logs)),)
$(vm_guest_logs) &: $(vm_guest_run)
	@st=0; for l in $(vm_guest_logs); do \
		$(MAKE) $(AM_MAKEFLAGS) DR_VM_GUEST_INNER=1 $$l || st=$$?; \
	done; exit $$st
endif
endif
