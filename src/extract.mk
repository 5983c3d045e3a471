# src/extract.mk: article extraction (src/extract.h), included by
# Makefile.am. EXTRACT_SRC is part of HOST_SRC.
EXTRACT_SRC = src/extract.h
