## plugins/px/local.mk - build rules of the px plugin, included by Makefile.am.
