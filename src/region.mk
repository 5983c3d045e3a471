# src/region.mk: the gazetteer and region resolution (src/msme.h), region.c; included by Makefile.am.
REGION_SRC = src/msme.h
