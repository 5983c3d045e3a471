# lib.sh: TAP helpers for the shell tests. Source it, then call ok/is,
# and finish with done_testing.
set -u
tap_n=0
tap_failed=0

ok() { # ok CONDITION-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

is() { # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		echo "#   got:  '$1'"
		echo "#   want: '$2'"
	fi
}

like() { # like TEXT PATTERN DESCRIPTION (grep -E)
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '%s\n' "$1" | sed 's/^/#   /' | head -n 20
	fi
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

diag() { echo "# $*"; }

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${KABAR:=$top_builddir/src/kabar}"
TMPBASE=$(mktemp -d "${TMPDIR:-/tmp}/kabar-test.XXXXXX")
trap 'rm -rf "$TMPBASE"' EXIT

# Run kabar, under $KABAR_WRAPPER (valgrind in the quickstart's valgrind stage).
kabar() {
	${KABAR_WRAPPER:-} "$KABAR" "$@"
}
