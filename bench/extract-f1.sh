#!/bin/sh
# extract-f1.sh: precision, recall and F1 of kabar's article extraction
# (kb_extract) on the article-extraction corpus, beside Debian's
# python3-readability in the same run. Run by hand from a build tree
# where `make tests/extract-dump` was done (this script builds nothing):
#
#   bench/extract-f1.sh BUILDDIR [CORPUS] [-v] [--worst N]
#
# CORPUS defaults to $SHARED_DIR/corpora/article-extraction (SHARED_DIR
# defaults to ../shared beside the source tree). The metric is in
# bench/extract-f1.py. Needs /usr/bin/python3; readability is scored when
# python3-readability is installed (apt-get install python3-readability).
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 BUILDDIR [CORPUS] [-v] [--worst N]" >&2
	exit 2
fi
builddir=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
corpus=${SHARED_DIR:-$here/../../shared}/corpora/article-extraction
case "${1:-}" in
"" | -*) ;;
*)
	corpus=$1
	shift
	;;
esac
dump=$builddir/tests/extract-dump
if [ ! -x "$dump" ]; then
	echo "extract-f1: $dump is not built: make tests/extract-dump in $builddir" >&2
	exit 1
fi
if [ ! -f "$corpus/ground-truth.json" ]; then
	echo "extract-f1: no corpus: $corpus/ground-truth.json is missing" >&2
	exit 1
fi
exec /usr/bin/python3 "$here/extract-f1.py" "$dump" "$corpus" "$@"
