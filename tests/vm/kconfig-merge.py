#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""kconfig-merge.py SRC FRAGMENT: what "make defconfig;
scripts/kconfig/merge_config.sh -m .config FRAGMENT; make olddefconfig"
gives in the kernel tree SRC (x86_64), evaluated with kconfiglib instead
of building scripts/kconfig: exit 0 when every CONFIG_X=y of FRAGMENT
ends up y, else one line per symbol that does not (missing, or held back
by its dependencies, which are named)."""
import os
import sys

import kconfiglib


def main():
    src, frag = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.chdir(src)
    os.environ.update(ARCH='x86', SRCARCH='x86', srctree='.', KERNELVERSION='0',
                      CC=os.environ.get('CC', 'gcc'), LD='ld', HOSTCC='gcc',
                      HOSTCXX='g++', RUSTC='rustc', BINDGEN='bindgen',
                      PAHOLE='pahole', OBJCOPY='objcopy', CLANG_FLAGS='')
    try:
        kconf = kconfiglib.Kconfig('Kconfig', warn=False)
    except kconfiglib.KconfigError as e:
        # kconfiglib 14 predates the bare "modules" keyword (5.18+):
        # the caller may hand a tree with "option modules" instead
        print('cannot parse %s: %s' % (src, str(e).splitlines()[-1]))
        return 77
    kconf.load_config('arch/x86/configs/x86_64_defconfig')
    kconf.load_config(frag, replace=False)
    bad = 0
    with open(frag) as f:
        for line in f:
            if not line.startswith('CONFIG_'):
                continue
            name, want = line.strip()[len('CONFIG_'):].split('=', 1)
            sym = kconf.syms.get(name)
            if sym is None or not sym.nodes:
                print('%s: CONFIG_%s: no such symbol' % (src, name))
                bad = 1
            elif sym.str_value != want:
                print('%s: CONFIG_%s=%s, not %s (depends on %s)' %
                      (src, name, sym.str_value, want,
                       kconfiglib.expr_str(sym.direct_dep)))
                bad = 1
    return bad


if __name__ == '__main__':
    sys.exit(main())
