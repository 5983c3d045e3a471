#!/bin/sh
# store-cluster.sh: what keeping stories in the store costs: N generated
# items (default 100000; stories published by one to five sources, each
# copy lightly edited) put into a new store with clustering, then the
# same items with texts too short to compare. Run by hand from a build
# tree:
#
#   bench/store-cluster.sh BUILDDIR [N] [SEED]
#
# Prints both times, the clustering cost per item, the store's size, the
# pairwise precision and recall of the stored clusters against the
# generated stories, and the peak RSS.
set -eu
build=$(cd "${1:?usage: $0 BUILDDIR [N] [SEED]}" && pwd)
n=${2:-100000}
seed=${3:-1}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kabar-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
make -s -C "$build" bench/store-cluster >/dev/null
"$build/bench/store-cluster" "$tmp/kabar.db" "$n" "$seed"
