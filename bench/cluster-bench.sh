#!/bin/sh
# cluster-bench.sh: how fast and how well kb_cluster (src/cluster.h) groups
# the copies of one press release, at several sizes to show the growth. Run
# by hand from a build tree:
#
#   bench/cluster-bench.sh BUILDDIR [SIZES] [SEED]
#
# It builds BUILDDIR/bench/cluster-bench (make bench/cluster-bench) and runs
# it once per size (default "10000 50000 100000"), each in its own process:
# a seeded corpus of stories of 150 to 400 Indonesian-like words, each
# published 1 to 6 times with a portal's light edits (bench/cluster-bench.c
# says which), shuffled; the time of kb_cluster alone (wall clock), the
# pairwise precision and recall against the generated truth, the stories
# found exactly, and the peak RSS (getrusage, and /usr/bin/time when
# installed: package time). The texts themselves are about 2 KB an item
# and are part of the RSS.
set -eu
build=$(cd "${1:?usage: $0 BUILDDIR [SIZES] [SEED]}" && pwd)
sizes=${2:-"10000 50000 100000"}
seed=${3:-20240912}
make -C "$build" -s bench/cluster-bench
bin=$build/bench/cluster-bench
time=""
if [ -x /usr/bin/time ]; then
	time="/usr/bin/time -f %M"
fi
echo "cluster-bench: $(nproc) cores, seed $seed"
for n in $sizes; do
	echo
	# shellcheck disable=SC2086 # $time is a command prefix, split on purpose
	$time "$bin" "$n" "$seed" 2> "${TMPDIR:-/tmp}/cluster-bench.$$" || {
		cat "${TMPDIR:-/tmp}/cluster-bench.$$" >&2
		rm -f "${TMPDIR:-/tmp}/cluster-bench.$$"
		exit 1
	}
	if [ -n "$time" ]; then
		echo "peak RSS (/usr/bin/time): $(tail -n 1 "${TMPDIR:-/tmp}/cluster-bench.$$") KiB"
	fi
	rm -f "${TMPDIR:-/tmp}/cluster-bench.$$"
done
