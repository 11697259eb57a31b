## plugins/sdmx/local.mk - build rules of the sdmx plugin, included by Makefile.am.
