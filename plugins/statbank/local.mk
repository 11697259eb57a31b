## plugins/statbank/local.mk - build rules of the statbank plugin, included by Makefile.am.
