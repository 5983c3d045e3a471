# src/classify.mk: relevance and topics (src/msme.h), classify.c; included by Makefile.am.
CLASSIFY_SRC = src/msme.h
