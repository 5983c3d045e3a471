#!/bin/sh
# The installed header must stay portable: strict C99, C11 and C++, and a
# plugin built from it by a C++ compiler must load.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

inc="$top_srcdir/include"
cat > "$TMPBASE/p.c" <<'PLUGIN'
#include <kabar/plugin.h>
#include <string.h>
static const struct kabar_option opts[] = {
	KABAR_OPTION("depth", KABAR_OPT_INT, 0, "2", "how deep"),
	KABAR_OPTION_END
};
static int
p_parse(struct kabar_ctx *ctx, const struct kabar_host *host, const struct kabar_response *resp)
{
	struct kabar_item it;
	(void)resp;
	memset(&it, 0, sizeof(it));
	it.struct_size = sizeof(it);
	it.url = "http://example.org/";
	it.title = "t";
	it.published = KABAR_NO_TIME;
	it.updated = KABAR_NO_TIME;
	return host->emit(ctx, &it);
}
static const struct kabar_plugin desc = {
	sizeof(struct kabar_plugin), KABAR_ABI_MAJOR, 1, "cxx", "1", "portable", opts, 0, p_parse
};
KABAR_PLUGIN(desc)
PLUGIN

cc=${CC:-cc}
$cc -std=c99 -pedantic -Wall -Wextra -Werror -I"$inc" -c "$TMPBASE/p.c" -o "$TMPBASE/c99.o" 2>"$TMPBASE/err"
ok $? "header compiles as strict C99 (-pedantic -Werror)"
$cc -std=c11 -pedantic -Wall -Wextra -Werror -I"$inc" -c "$TMPBASE/p.c" -o "$TMPBASE/c11.o" 2>>"$TMPBASE/err"
ok $? "header compiles as strict C11"
if command -v c++ >/dev/null 2>&1; then
	cp "$TMPBASE/p.c" "$TMPBASE/p.cc"
	c++ -std=c++11 -pedantic -Wall -Wextra -Werror -Wno-missing-field-initializers -I"$inc" -fPIC -shared \
		"$TMPBASE/p.cc" -o "$TMPBASE/cxx.so" 2>>"$TMPBASE/err"
	ok $? "header compiles as C++11 into a shared object"
	out=$(KABAR_PLUGIN_PATH="$TMPBASE" "$KABAR" plugins 2>&1)
	like "$out" "^cxx +1 +abi 1 api 1" "a plugin built by a C++ compiler loads"
else
	ok 0 "# SKIP no C++ compiler"
	ok 0 "# SKIP no C++ compiler"
fi
nm -D "$TMPBASE/cxx.so" 2>/dev/null | grep -q ' T kabar_plugin_entry$'
ok $? "the entry symbol is exported unmangled"
sed 's/^/# /' "$TMPBASE/err"
done_testing
