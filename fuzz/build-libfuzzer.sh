#!/bin/sh
# build-libfuzzer.sh: build the fuzz targets with clang's libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   fuzz/build-libfuzzer.sh SRCDIR BUILDDIR OUTDIR
#
# BUILDDIR is a configured build tree (for autoconfig.h). Writes
# OUTDIR/fuzz-NAME for every target and OUTDIR/rss.so (the plugin,
# instrumented too, found by fuzz-rss beside itself). `make
# fuzz-libfuzzer` runs this with the flags configure found; by hand,
# CFLAGS_EXTRA and LIBS_EXTRA default to pkg-config's answers.
set -eu
if [ $# -ne 3 ]; then
	echo "usage: build-libfuzzer.sh SRCDIR BUILDDIR OUTDIR" >&2
	exit 2
fi
src=$1
build=$2
out=$3
cc=${CLANG:-clang}
pkgs="libcurl libxml-2.0 sqlite3 json-c"
: "${CFLAGS_EXTRA:=$(pkg-config --cflags $pkgs)}"
: "${LIBS_EXTRA:=$(pkg-config --libs $pkgs) -ldl -lm}"
: "${PKGLIBDIR:=/nowhere}"
if [ ! -f "$build/autoconfig.h" ]; then
	echo "build-libfuzzer.sh: no $build/autoconfig.h: configure that tree first" >&2
	exit 2
fi
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cflags="-std=gnu11 -g -O1 $san -include $build/autoconfig.h -I$src/include -I$src/src $CFLAGS_EXTRA ${FUZZ_CFLAGS:-}"
# The two strings the core is compiled with (Makefile.am's AM_CPPFLAGS).
defs1="-DPKGLIBDIR=\"$PKGLIBDIR\""
defs2="-DKABAR_BUILD_DIR=\"$build\""
mkdir -p "$out/obj"

# Core sources once, instrumented for coverage (no libFuzzer main).
core="util buf date url config item host sanitize extract plugin invoke jsonfeed robots classify region event"
objs=
for f in $core; do
	$cc $cflags "$defs1" "$defs2" -fsanitize=fuzzer-no-link -c "$src/src/$f.c" -o "$out/obj/$f.o"
	objs="$objs $out/obj/$f.o"
done
$cc $cflags -fsanitize=fuzzer-no-link -c "$src/fuzz/common.c" -o "$out/obj/common.o"
$cc $cflags -fsanitize=fuzzer-no-link -c "$src/fuzz/walk.c" -o "$out/obj/walk.o"

# The plugin, as the core loads it.
$cc $cflags -fsanitize=fuzzer-no-link -fPIC -shared "$src/plugins/rss/rss.c" -o "$out/rss.so"

for t in config date url wire xml html json rss robots extract classify region event; do
	extra=
	case $t in xml | html) extra="$out/obj/walk.o" ;; esac
	# shellcheck disable=SC2086 # flag lists split on purpose
	$cc $cflags -fsanitize=fuzzer "$src/fuzz/fuzz-$t.c" "$out/obj/common.o" $extra $objs \
		$LIBS_EXTRA -o "$out/fuzz-$t"
	echo "built $out/fuzz-$t"
done
echo "built $out/rss.so"
