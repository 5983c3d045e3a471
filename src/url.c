/* url.c: URL resolution and normalization with libcurl's URL API.
 *
 * curl_global_init() must have been called (the core does it at start). */

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "url.h"
#include "util.h"

#define URL_MAX 8192 /* longer input is not a URL we use */

/* Flags for parsing: any scheme (we filter schemes ourselves, and the
 * libcurl at hand may lack one), spaces allowed and written as %20, as
 * browsers do with the hrefs they find. */
#define URL_FLAGS (CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE)

/* Query parameters that only track the reader. */
static const char *const tracking_params[] = {
	"fbclid", "gclid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src",
};

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* A copy of s without the C0 controls and spaces around it and without
 * tab, CR and LF anywhere, as browsers read an href. NULL when s is NULL
 * or too long. The caller frees the result. */
static char *
url_clean(const char *s)
{
	size_t n, i, j;
	char *out;

	if (s == NULL)
		return NULL;
	while (*s != '\0' && (unsigned char)*s <= 0x20)
		s++;
	n = strnlen(s, URL_MAX + 1);
	if (n > URL_MAX)
		return NULL;
	while (n > 0 && (unsigned char)s[n - 1] <= 0x20)
		n--;
	out = kb_malloc(n + 1);
	for (i = j = 0; i < n; i++)
		if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			out[j++] = s[i];
	out[j] = '\0';
	return out;
}

/* Length of the scheme that starts s (RFC 3986: ALPHA *( ALPHA / DIGIT /
 * "+" / "-" / "." ) ":"), 0 when s has none. */
static size_t
scheme_len(const char *s)
{
	size_t i;

	if (!is_alpha((unsigned char)s[0]))
		return 0;
	for (i = 1; s[i] != '\0'; i++) {
		if (s[i] == ':')
			return i;
		if (!is_alnum((unsigned char)s[i]) && s[i] != '+' && s[i] != '-' && s[i] != '.')
			return 0;
	}
	return 0;
}

/* 1 when the scheme (n bytes at s) is one we fetch or link to. */
static int
scheme_ok(const char *s, size_t n)
{
	return (n == 4 && kb_strncasecmp(s, "http", 4) == 0) || (n == 5 && kb_strncasecmp(s, "https", 5) == 0) ||
	       (n == 4 && kb_strncasecmp(s, "file", 4) == 0);
}

/* Parse the absolute URL s (already cleaned) into a new handle, or NULL. */
static CURLU *
url_parse(const char *s)
{
	CURLU *u = curl_url();

	if (u == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, s, URL_FLAGS) != CURLUE_OK) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

/* The whole URL of u if its scheme is allowed, as a string the caller
 * frees; NULL otherwise. */
static char *
url_result(CURLU *u)
{
	char *got = NULL, *out = NULL;
	size_t n;

	if (curl_url_get(u, CURLUPART_URL, &got, 0) != CURLUE_OK)
		return NULL;
	n = scheme_len(got);
	if (n > 0 && scheme_ok(got, n))
		out = kb_strdup(got);
	curl_free(got);
	return out;
}

char *
kb_url_resolve(const char *base, const char *ref)
{
	char *r = NULL, *b = NULL, *abs = NULL, *got = NULL, *out = NULL;
	CURLU *u = NULL;
	size_t n;

	r = url_clean(ref);
	if (r == NULL || r[0] == '\0')
		goto done;
	n = scheme_len(r);
	if (n > 0) {
		/* Absolute: javascript:, data:, mailto: and the like end here. */
		if (!scheme_ok(r, n))
			goto done;
		u = url_parse(r);
		if (u != NULL)
			out = url_result(u);
		goto done;
	}
	b = url_clean(base);
	if (b == NULL || b[0] == '\0')
		goto done;
	n = scheme_len(b);
	if (n == 0 || !scheme_ok(b, n))
		goto done;
	u = url_parse(b);
	if (u == NULL)
		goto done;
	if (r[0] == '#') {
		/* libcurl (7.88) drops the last path segment of the base for a
		 * fragment-only reference; RFC 3986 keeps the base whole. */
		char *hash;

		if (curl_url_get(u, CURLUPART_URL, &got, 0) != CURLUE_OK)
			goto done;
		hash = strchr(got, '#');
		if (hash != NULL)
			*hash = '\0';
		abs = kb_asprintf("%s%s", got, r);
		if (curl_url_set(u, CURLUPART_URL, abs, URL_FLAGS) != CURLUE_OK)
			goto done;
	} else if (curl_url_set(u, CURLUPART_URL, r, URL_FLAGS) != CURLUE_OK) {
		goto done;
	}
	out = url_result(u);
done:
	curl_free(got);
	curl_url_cleanup(u);
	free(abs);
	free(b);
	free(r);
	return out;
}

static int
tracking(const char *name, size_t n)
{
	size_t i;

	if (n >= 4 && kb_strncasecmp(name, "utm_", 4) == 0)
		return 1;
	for (i = 0; i < KB_ARRAY_LEN(tracking_params); i++)
		if (strlen(tracking_params[i]) == n && kb_strncasecmp(name, tracking_params[i], n) == 0)
			return 1;
	return 0;
}

/* The query q without tracking parameters and empty ones, in order. A new
 * string ("" when nothing is left) the caller frees. */
static char *
query_filter(const char *q)
{
	struct kb_buf b;
	const char *p = q, *amp, *eq;
	size_t len, name;
	char *out;

	kb_buf_init(&b, URL_MAX * 4);
	while (*p != '\0') {
		amp = strchr(p, '&');
		len = amp != NULL ? (size_t)(amp - p) : strlen(p);
		eq = memchr(p, '=', len);
		name = eq != NULL ? (size_t)(eq - p) : len;
		if (len > 0 && !tracking(p, name)) {
			if (b.len > 0)
				kb_buf_addc(&b, '&');
			kb_buf_add(&b, p, len);
		}
		if (amp == NULL)
			break;
		p = amp + 1;
	}
	out = kb_buf_detach(&b, NULL);
	return out != NULL ? out : kb_strdup("");
}

static char *
identity_pass(const char *url)
{
	char *c = NULL, *scheme = NULL, *host = NULL, *port = NULL, *query = NULL;
	char *q = NULL, *whole = NULL, *out = NULL;
	CURLU *u = NULL;
	CURLUcode rc;
	size_t n;

	c = url_clean(url);
	if (c == NULL)
		goto done;
	n = scheme_len(c);
	if (n == 0 || !scheme_ok(c, n))
		goto done;
	u = url_parse(c);
	if (u == NULL)
		goto done;
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
		goto done;
	lower(scheme);

	/* The default port of the scheme as written goes, before the scheme
	 * changes. */
	rc = curl_url_get(u, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT);
	if (rc == CURLUE_NO_PORT && curl_url_set(u, CURLUPART_PORT, NULL, 0) != CURLUE_OK)
		goto done;
	if (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) {
		if (curl_url_set(u, CURLUPART_SCHEME, "https", URL_FLAGS) != CURLUE_OK)
			goto done;
		/* http://h:443/ is now https://h:443/: drop the new default too. */
		curl_free(port);
		port = NULL;
		rc = curl_url_get(u, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT);
		if (rc == CURLUE_NO_PORT && curl_url_set(u, CURLUPART_PORT, NULL, 0) != CURLUE_OK)
			goto done;
	}

	if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		lower(host);
		if (curl_url_set(u, CURLUPART_HOST, host, 0) != CURLUE_OK)
			goto done;
	}

	if (curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0) != CURLUE_OK)
		goto done;
	if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK) {
		q = query_filter(query);
		if (curl_url_set(u, CURLUPART_QUERY, q[0] != '\0' ? q : NULL, 0) != CURLUE_OK)
			goto done;
	}
	if (curl_url_get(u, CURLUPART_URL, &whole, 0) != CURLUE_OK)
		goto done;
	out = kb_strdup(whole);
	/* Dropping a fragment or parameters can leave trailing white space,
	 * which url_clean would trim on the next pass, and then an empty
	 * query: trim both now so that the identity of an identity is
	 * itself. */
	n = strlen(out);
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t' || out[n - 1] == '?'))
		out[--n] = '\0';
done:
	curl_free(whole);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(query);
	curl_url_cleanup(u);
	free(q);
	free(c);
	return out;
}

char *
kb_url_identity(const char *url)
{
	char *id = identity_pass(url), *again;
	int i;

	/* One pass can expose what a second would remove (a parameter that
	 * is only white space once its neighbour is gone): repeat until the
	 * form is stable, so that the identity of an identity is itself. */
	for (i = 0; id && i < 4; i++) {
		again = identity_pass(id);
		if (!again || strcmp(again, id) == 0) {
			free(again);
			break;
		}
		free(id);
		id = again;
	}
	return id;
}

char *
kb_url_host(const char *url)
{
	char *c, *host = NULL, *out = NULL;
	CURLU *u = NULL;

	c = url_clean(url);
	if (c == NULL || scheme_len(c) == 0)
		goto done;
	u = url_parse(c);
	if (u == NULL)
		goto done;
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || host[0] == '\0')
		goto done;
	out = kb_strdup(host);
	lower(out);
done:
	curl_free(host);
	curl_url_cleanup(u);
	free(c);
	return out;
}

char *
kb_url_scheme(const char *url)
{
	char *c, *out = NULL;
	size_t n;

	c = url_clean(url);
	if (c == NULL)
		return NULL;
	n = scheme_len(c);
	if (n > 0) {
		out = kb_strndup(c, n);
		lower(out);
	}
	free(c);
	return out;
}
