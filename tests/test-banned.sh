#!/bin/sh
# Functions the code must not use (curl's list, CODE_STYLE): each is
# either unbounded or has a safer form already in use here.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

banned='strcpy strcat strncpy strncat sprintf vsprintf strtok atoi atol atoll atof gets tmpnam mktemp'
files=$(cd "$top_srcdir" && ls src/*.c src/*.h plugins/*/*.c include/kabar/*.h)
for fn in $banned; do
	hits=$(cd "$top_srcdir" && grep -nE "(^|[^a-zA-Z0-9_])$fn[[:space:]]*\(" $files | grep -v '^[^:]*:[0-9]*:[[:space:]]*/\?\*' || true)
	if [ -z "$hits" ]; then
		ok 0 "no $fn()"
	else
		ok 1 "no $fn()"
		printf '%s\n' "$hits" | sed 's/^/#   /'
	fi
done
done_testing
