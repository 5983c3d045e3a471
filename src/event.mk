# src/event.mk: event extraction (src/msme.h), event.c; included by Makefile.am.
EVENT_SRC = src/msme.h
