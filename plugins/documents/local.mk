## plugins/documents/local.mk - build rules of the documents plugin and its core parts, included by Makefile.am.
