# src/robots.mk: robots.txt parsing and matching (src/robots.h), included
# by Makefile.am. ROBOTS_SRC is part of HTTP_SRC.
ROBOTS_SRC = src/robots.h
