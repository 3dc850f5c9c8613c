# SPDX-License-Identifier: GPL-2.0-or-later
# The engines' glue (daxrace-ci(7)): a LAVA test definition and its wrapper,
# a sample LAVA job for a qemu DUT with an emulated NVDIMM, the TuxRun
# overlay and the KernelCI entries.  Shipped as they are, for farms to copy.
EXTRA_DIST += ci/lava/daxrace/daxrace.yaml ci/lava/daxrace/daxrace.sh \
	ci/lava/qemu/job.yaml ci/lava/qemu/device.jinja2 \
	ci/lava/qemu/render-device.py ci/lava/qemu/make-ramdisk.sh \
	ci/lava/qemu/init.sh ci/tuxrun/make-overlay.sh \
	ci/kernelci/daxrace.yaml ci/kernelci/daxrace.jinja2 \
	ci/kernelci/tests/daxrace.jinja2

# The wrapper's results against real and edited result.json files, the job
# and test definition against LAVA's schemas, the KernelCI entries, the
# TuxRun overlay.  The runs under LAVA and memmap= are VM tests
# (tests/vm/lava-run.sh, tests/vm/memmap.sh).
CI_TESTS = tests/ci/lava-results.sh tests/ci/lava-job.sh \
	tests/ci/kernelci.sh tests/ci/tuxrun-overlay.sh
TESTS += $(CI_TESTS)
dist_check_SCRIPTS += $(CI_TESTS)
# LAVA's own log of the run, kept by tests/vm/lava-run.sh
CLEANFILES += tests/vm/lava-run.lava.log
