# SPDX-License-Identifier: GPL-2.0-or-later
# glibc 2.34+ has pthreads in libc; -pthread stays correct for older ones.
AC_DEFUN([AX_PTHREAD_SIMPLE], [
	PTHREAD_CFLAGS=-pthread
	PTHREAD_LIBS=-pthread
	AC_SUBST([PTHREAD_CFLAGS])
	AC_SUBST([PTHREAD_LIBS])
])
