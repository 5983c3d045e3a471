/* httpd-client.h: start, query and stop the scripted test server
 * (tests/httpd) from a C test. Include once per test program.
 *
 *   struct httpd s;
 *   if (httpd_start(&s, argv[0], NULL) != 0) ... skip
 *   ... fetch httpd_url(&s, "/feed.xml") ...
 *   char *stats = httpd_get(&s, "/stats");       (caller frees)
 *   long n = httpd_stat(stats, "max_concurrent_total", NULL);
 *   httpd_stop(&s);
 *
 * The server binary is $top_builddir/tests/httpd, else "httpd" next to
 * the test program. Its port file and log live in a fresh directory
 * under $TMPDIR (or /tmp), removed by httpd_stop. httpd_get talks plain
 * HTTP/1.0 over a socket, so it does not depend on the engine under test. */
#ifndef KB_HTTPD_CLIENT_H
#define KB_HTTPD_CLIENT_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HTTPD_UNUSED __attribute__((unused))

struct httpd {
	pid_t pid;
	int port;
	char dir[512];
	char port_file[600];
	char log_file[600];
	char base[64];	/* "http://127.0.0.1:PORT" */
	char url[1024]; /* scratch for httpd_url */
};

/* Read a whole file into a new NUL-terminated string (caller frees), or
 * NULL. */
HTTPD_UNUSED static char *
httpd_slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *s = NULL, *t;
	size_t len = 0, cap = 0, n;

	if (!fp)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			t = realloc(s, cap);
			if (!t) {
				free(s);
				fclose(fp);
				return NULL;
			}
			s = t;
		}
		n = fread(s + len, 1, cap - len - 1, fp);
		len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	s[len] = '\0';
	return s;
}

HTTPD_UNUSED static void
httpd_sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

/* Start the server; root is its --root (or NULL). Returns 0, or -1 with
 * a message on stderr. */
HTTPD_UNUSED static int
httpd_start(struct httpd *s, const char *argv0, const char *root)
{
	const char *top = getenv("top_builddir"), *tmp = getenv("TMPDIR");
	char prog[1024], *p;
	int i, status;

	memset(s, 0, sizeof(*s));
	s->pid = -1;
	if (top && *top) {
		snprintf(prog, sizeof(prog), "%s/tests/httpd", top);
	} else {
		snprintf(prog, sizeof(prog), "%s", argv0 ? argv0 : "./x");
		p = strrchr(prog, '/');
		if (p)
			snprintf(p + 1, sizeof(prog) - (size_t)(p + 1 - prog), "httpd");
		else
			snprintf(prog, sizeof(prog), "./httpd");
	}
	if (access(prog, X_OK) != 0) {
		fprintf(stderr, "httpd: cannot run the test server: %s: %s\n", strerror(errno), prog);
		return -1;
	}
	snprintf(s->dir, sizeof(s->dir), "%s/kabar-httpd-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(s->dir)) {
		fprintf(stderr, "httpd: cannot make a directory: %s: %s\n", strerror(errno), s->dir);
		return -1;
	}
	snprintf(s->port_file, sizeof(s->port_file), "%s/port", s->dir);
	snprintf(s->log_file, sizeof(s->log_file), "%s/log", s->dir);
	fflush(stdout);
	fflush(stderr);
	s->pid = fork();
	if (s->pid < 0) {
		fprintf(stderr, "httpd: cannot fork: %s\n", strerror(errno));
		rmdir(s->dir);
		return -1;
	}
	if (s->pid == 0) {
		if (root)
			execl(prog, prog, "--port-file", s->port_file, "--log", s->log_file, "--root", root,
			      (char *)NULL);
		else
			execl(prog, prog, "--port-file", s->port_file, "--log", s->log_file, (char *)NULL);
		fprintf(stderr, "httpd: cannot run: %s: %s\n", strerror(errno), prog);
		_exit(127);
	}
	for (i = 0; i < 1000; i++) { /* ten seconds */
		char *txt = httpd_slurp(s->port_file);

		if (txt) {
			long port = strtol(txt, NULL, 10);

			free(txt);
			if (port > 0 && port < 65536) {
				s->port = (int)port;
				snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", s->port);
				return 0;
			}
		}
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			fprintf(stderr, "httpd: the test server exited early\n");
			s->pid = -1;
			goto fail;
		}
		httpd_sleep_ms(10);
	}
	fprintf(stderr, "httpd: the test server did not start\n");
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &status, 0);
	s->pid = -1;
fail:
	unlink(s->log_file);
	rmdir(s->dir);
	return -1;
}

/* base + path in a buffer inside s, valid until the next call. */
HTTPD_UNUSED static const char *
httpd_url(struct httpd *s, const char *path)
{
	snprintf(s->url, sizeof(s->url), "%s%s", s->base, path);
	return s->url;
}

/* GET path over HTTP/1.0; the body as a new string (caller frees), or
 * NULL. */
HTTPD_UNUSED static char *
httpd_get(struct httpd *s, const char *path)
{
	struct sockaddr_in sa;
	char req[1024], *buf = NULL, *t, *body;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd, k;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return NULL;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)s->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		goto fail;
	k = snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n\r\n", path, s->port);
	if (k < 0 || (size_t)k >= sizeof(req) || write(fd, req, (size_t)k) != k)
		goto fail;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			t = realloc(buf, cap);
			if (!t)
				goto fail;
			buf = t;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	body = strstr(buf, "\r\n\r\n");
	if (!body) {
		free(buf);
		return NULL;
	}
	body += 4;
	memmove(buf, body, strlen(body) + 1);
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}

/* The number after "key" (and after "key arg", when arg is not NULL) in
 * a /stats text, or -1. */
HTTPD_UNUSED static long
httpd_stat(const char *stats, const char *key, const char *arg)
{
	char prefix[512];
	const char *p;
	size_t n;

	if (!stats)
		return -1;
	if (arg)
		snprintf(prefix, sizeof(prefix), "%s %s ", key, arg);
	else
		snprintf(prefix, sizeof(prefix), "%s ", key);
	n = strlen(prefix);
	for (p = stats; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
		if (strncmp(p, prefix, n) == 0)
			return strtol(p + n, NULL, 10);
	return -1;
}

/* The request log so far (caller frees), or NULL. */
HTTPD_UNUSED static char *
httpd_log(struct httpd *s)
{
	return httpd_slurp(s->log_file);
}

/* Stop the server (SIGTERM, then wait) and remove its files. */
HTTPD_UNUSED static int
httpd_stop(struct httpd *s)
{
	int status = 0;

	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		while (waitpid(s->pid, &status, 0) < 0 && errno == EINTR)
			;
		s->pid = -1;
	}
	unlink(s->port_file);
	unlink(s->log_file);
	rmdir(s->dir);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#endif
