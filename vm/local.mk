# SPDX-License-Identifier: GPL-2.0-or-later
# daxrace-vm: a bash script installed next to daxrace; its guest /init and
# the known-issues file go to pkgdatadir (with daxrace.config, the
# kernel config fragment for one's own tree), where the script looks for them
# (or in $(srcdir)/vm when it runs from the build tree).
bin_SCRIPTS += daxrace-vm
dist_pkgdata_DATA += vm/guest-init.sh vm/known-issues vm/daxrace.config vm/matrix.sh
dist_man_MANS += man/daxrace-vm.1
EXTRA_DIST += vm/daxrace-vm.in
CLEANFILES += daxrace-vm

daxrace-vm: $(srcdir)/vm/daxrace-vm.in Makefile
	$(AM_V_GEN)$(SED) \
		-e 's|@PACKAGE_VERSION[@]|$(PACKAGE_VERSION)|g' \
		-e 's|@pkgdatadir[@]|$(pkgdatadir)|g' \
		-e 's|@bindir[@]|$(bindir)|g' \
		-e 's|@abs_top_srcdir[@]|$(abs_top_srcdir)|g' \
		-e 's|@abs_top_builddir[@]|$(abs_top_builddir)|g' \
		$(srcdir)/vm/daxrace-vm.in >$@.tmp && chmod +x $@.tmp && mv $@.tmp $@
