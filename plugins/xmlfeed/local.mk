## plugins/xmlfeed/local.mk - build rules of the xmlfeed plugin and its core parts, included by Makefile.am.
