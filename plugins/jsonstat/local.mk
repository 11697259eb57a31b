## plugins/jsonstat/local.mk - build rules of the jsonstat plugin, included by Makefile.am.
