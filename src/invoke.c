/* invoke.c: running one plugin callback, in this process or in a fresh
 * forked one, and decoding what it produced.
 *
 * Either way the callback writes wire messages (item.h) into a buffer and
 * the core decodes the same bytes. In fork mode the parent sends the
 * encoded response through a pipe, the child decodes it, runs the
 * callback and writes its messages back through another pipe, then exits.
 * A child that crashes, hangs past the timeout or writes garbage fails
 * that one callback, not the run. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef HAVE_SYS_PRCTL_H
#include <sys/prctl.h>
#endif

#include "config.h"
#include "invoke.h"
#include "util.h"

/* Bound on what one callback may produce, and on an encoded response. */
#define MAX_OUTPUT ((size_t)256 * 1024 * 1024)
#define MAX_INPUT  ((size_t)64 * 1024 * 1024 + 4096)
/* File descriptors of the pipes in the child. */
#define CHILD_IN_FD  3
#define CHILD_OUT_FD 4

void
kb_results_free(struct kb_results *r)
{
	size_t i;

	for (i = 0; i < r->n_items; i++)
		kb_item_free(&r->items[i]);
	free(r->items);
	for (i = 0; i < r->n_follows; i++)
		kb_request_free(&r->follows[i]);
	free(r->follows);
	kb_feedinfo_free(&r->feed);
	free(r->err_msg);
	free(r->first_warning);
	free(r->first_error);
	memset(r, 0, sizeof(*r));
}

/* Run the callback here; messages go to out. Returns the callback's result. */
static int
run_callback(const struct kb_plugin *p, const struct kb_source *src, const char *timezone, int64_t now,
	     const struct kabar_response *resp, struct kb_buf *out)
{
	struct kabar_ctx ctx;
	int rc;

	kb_ctx_init(&ctx, src, p->options, resp, out);
	if (timezone)
		ctx.timezone = timezone;
	ctx.now = now;
	if (resp) {
		rc = p->desc.parse(&ctx, &kb_host_table, resp);
	} else if (p->desc.start) {
		rc = p->desc.start(&ctx, &kb_host_table);
	} else {
		/* Default start: the source's url with no tag. */
		const char *url = kb_host_table.config(&ctx, "url");
		struct kabar_request req = { sizeof(req), url, NULL, NULL, 0, 0 };

		rc = url ? kb_host_table.follow(&ctx, &req) : KABAR_FAIL;
		if (!url)
			kb_host_table.log(&ctx, KABAR_LOG_ERROR,
					  "source has no url and the plugin has no start callback");
	}
	kb_ctx_release(&ctx);
	kb_wire_result(out, rc);
	return rc;
}

static int
decode(const char *src_name, const void *data, size_t len, struct kb_results *r)
{
	struct kb_wire_reader rd = { data, len }, pl;
	int type, got_result = 0, n;

	while ((n = kb_wire_next(&rd, &type, &pl)) == 1) {
		switch (type) {
		case KB_MSG_ITEM:
		case KB_MSG_PARTIAL: {
			struct kb_item it;

			memset(&it, 0, sizeof(it));
			if (kb_wire_get_item(&pl, &it) != 0) {
				kb_item_free(&it);
				return -1;
			}
			it.partial = type == KB_MSG_PARTIAL;
			r->items = kb_reallocarray(r->items, r->n_items + 1, sizeof(*r->items));
			r->items[r->n_items++] = it;
			break;
		}
		case KB_MSG_FOLLOW: {
			struct kb_request q;

			memset(&q, 0, sizeof(q));
			if (kb_wire_get_request(&pl, &q) != 0) {
				kb_request_free(&q);
				return -1;
			}
			r->follows = kb_reallocarray(r->follows, r->n_follows + 1, sizeof(*r->follows));
			r->follows[r->n_follows++] = q;
			break;
		}
		case KB_MSG_FEED:
			kb_feedinfo_free(&r->feed);
			if (kb_wire_get_feed(&pl, &r->feed) != 0)
				return -1;
			r->has_feed = 1;
			break;
		case KB_MSG_LOG: {
			int level;
			char *msg = NULL;

			if (kb_wire_get_log(&pl, &level, &msg) != 0) {
				free(msg);
				return -1;
			}
			if (level == KABAR_LOG_WARNING) {
				r->n_warnings++;
				if (!r->first_warning)
					r->first_warning = kb_strdup(msg);
			} else if (level <= KABAR_LOG_ERROR && !r->first_error) {
				r->first_error = kb_strdup(msg);
			}
			kb_log(level <= KABAR_LOG_INFO ? KB_LOG_INFO : KB_LOG_DEBUG, "%s: %s",
			       src_name ? src_name : "plugin", msg);
			free(msg);
			break;
		}
		case KB_MSG_RESULT: {
			int64_t v;

			if (kb_wire_get_result(&pl, &v) != 0)
				return -1;
			r->result = (int)v;
			got_result = 1;
			break;
		}
		default:
			return -1;
		}
	}
	if (n < 0 || !got_result)
		return -1;
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read until EOF into b, giving up at deadline (monotonic ms). 0, -1
 * error/overflow, -2 timeout. */
static int
read_all(int fd, struct kb_buf *b, int64_t deadline)
{
	char chunk[65536];

	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int64_t left = deadline - kb_mono_ms();
		ssize_t n;
		int pr;

		if (left <= 0)
			return -2;
		pr = poll(&pfd, 1, left > 1000 ? 1000 : (int)left);
		if (pr < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pr == 0)
			continue;
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		if (kb_buf_add(b, chunk, (size_t)n) != 0)
			return -1;
	}
}

/* Move fd to want (closing whatever was there). -1 on failure. */
static int
move_fd(int fd, int want)
{
	if (fd == want)
		return 0;
	if (dup2(fd, want) < 0)
		return -1;
	close(fd);
	return 0;
}

/* The worker: it must not outlive the run, nor hold the run's lock, store
 * or sockets (a worker whose parent died would otherwise keep the lock). */
static void
child_setup(int *in_fd, int *out_fd, int64_t timeout_ms)
{
	int fd, max;

#ifdef HAVE_PRCTL
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	if (getppid() == 1)
		_exit(4);
	/* Park the pipes above the target slots, then put them in place. */
	fd = fcntl(*in_fd, F_DUPFD, 10);
	if (fd < 0)
		_exit(5);
	close(*in_fd);
	*in_fd = fd;
	fd = fcntl(*out_fd, F_DUPFD, 10);
	if (fd < 0)
		_exit(5);
	close(*out_fd);
	*out_fd = fd;
	if (move_fd(*in_fd, CHILD_IN_FD) != 0 || move_fd(*out_fd, CHILD_OUT_FD) != 0)
		_exit(5);
	*in_fd = CHILD_IN_FD;
	*out_fd = CHILD_OUT_FD;
#ifdef HAVE_CLOSE_RANGE
	if (close_range(CHILD_OUT_FD + 1, ~0U, 0) != 0)
#endif
	{
		max = (int)sysconf(_SC_OPEN_MAX);
		if (max < 0 || max > 65536)
			max = 65536;
		for (fd = CHILD_OUT_FD + 1; fd < max; fd++)
			close(fd);
	}
	signal(SIGPIPE, SIG_DFL);
	/* A backstop: the parent kills a late worker, but not if it died. */
	alarm((unsigned)(timeout_ms / 1000 + 5));
}

static void
child_main(const struct kb_plugin *p, const struct kb_source *src, const char *timezone, int64_t now, int in_fd,
	   int out_fd, int has_resp, int64_t timeout_ms)
{
	struct kb_buf in, out;
	struct kabar_response resp;
	int ok = 1;

	child_setup(&in_fd, &out_fd, timeout_ms);
	kb_buf_init(&in, MAX_INPUT);
	kb_buf_init(&out, MAX_OUTPUT);
	memset(&resp, 0, sizeof(resp));
	if (has_resp) {
		ok = read_all(in_fd, &in, kb_mono_ms() + 600000) == 0 &&
		     kb_wire_get_response(in.data, in.len, &resp) == 0;
	}
	close(in_fd);
	if (ok) {
		run_callback(p, src, timezone, now, has_resp ? &resp : NULL, &out);
		write_all(out_fd, out.data ? out.data : "", out.len);
	}
	close(out_fd);
	/* No exit handlers: they belong to the parent (libcurl, SQLite). */
	_exit(ok ? 0 : 3);
}

static int
invoke_fork(const struct kb_plugin *p, const struct kb_source *src, const char *timezone,
	    const struct kabar_response *resp, const struct kb_invoke_opts *opts, struct kb_results *r,
	    struct kb_buf *out)
{
	int to_child[2] = { -1, -1 }, from_child[2] = { -1, -1 };
	struct kb_buf req;
	pid_t pid;
	int status = 0, rr, rc = -1;
	int64_t timeout = opts && opts->timeout_ms > 0 ? opts->timeout_ms : 60000;

	kb_buf_init(&req, MAX_INPUT);
	if (resp && kb_wire_response(&req, resp) != 0) {
		r->err = KB_E_PLUGIN;
		r->err_msg = kb_strdup("response too large to hand to a worker");
		goto out;
	}
	if (pipe(to_child) != 0 || pipe(from_child) != 0) {
		r->err = KB_E_IO;
		r->err_msg = kb_asprintf("cannot create pipe: %s", strerror(errno));
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		r->err = KB_E_IO;
		r->err_msg = kb_asprintf("cannot fork: %s", strerror(errno));
		goto out;
	}
	if (pid == 0) {
		close(to_child[1]);
		close(from_child[0]);
		child_main(p, src, timezone, opts ? opts->now : 0, to_child[0], from_child[1], resp != NULL, timeout);
	}
	close(to_child[0]);
	to_child[0] = -1;
	close(from_child[1]);
	from_child[1] = -1;
	/* The child reads all of its input before writing anything, so a
	 * blocking write cannot deadlock. A child that died early gives EPIPE. */
	/* A worker that dies before reading everything gives EPIPE (SIGPIPE
	 * is ignored by the core); its exit status says what happened. */
	if (resp && write_all(to_child[1], req.data, req.len) != 0)
		kb_log(KB_LOG_DEBUG, "plugin %s: worker stopped reading: %s", p->name, strerror(errno));
	close(to_child[1]);
	to_child[1] = -1;
	rr = read_all(from_child[0], out, kb_mono_ms() + timeout);
	if (rr != 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rr == -2) {
		r->err = KB_E_CRASH;
		r->err_msg = kb_asprintf("plugin %s did not finish within %lld ms and was killed", p->name,
					 (long long)timeout);
		goto out;
	}
	if (WIFSIGNALED(status)) {
		r->err = KB_E_CRASH;
		r->err_msg = kb_asprintf("plugin %s crashed (signal %d, %s)", p->name, WTERMSIG(status),
					 strsignal(WTERMSIG(status)));
		goto out;
	}
	if (rr != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		r->err = KB_E_CRASH;
		r->err_msg = kb_asprintf("plugin %s worker failed (exit status %d)", p->name,
					 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		goto out;
	}
	rc = 0;
out:
	if (to_child[0] >= 0)
		close(to_child[0]);
	if (to_child[1] >= 0)
		close(to_child[1]);
	if (from_child[0] >= 0)
		close(from_child[0]);
	if (from_child[1] >= 0)
		close(from_child[1]);
	kb_buf_free(&req);
	return rc;
}

int
kb_invoke(const struct kb_plugin *p, const struct kb_source *src, const char *timezone,
	  const struct kabar_response *resp, const struct kb_invoke_opts *opts, struct kb_results *r)
{
	struct kb_buf out;
	const char *name = opts && opts->source_name ? opts->source_name : (src ? src->name : p->name);
	int rc = 0;

	memset(r, 0, sizeof(*r));
	kb_buf_init(&out, MAX_OUTPUT);
	if (opts && opts->isolation == KB_ISOLATION_FORK) {
		if (invoke_fork(p, src, timezone, resp, opts, r, &out) != 0) {
			rc = -1;
			goto done;
		}
	} else {
		run_callback(p, src, timezone, opts ? opts->now : 0, resp, &out);
	}
	if (decode(name, out.data ? out.data : "", out.len, r) != 0) {
		r->err = KB_E_CRASH;
		free(r->err_msg);
		r->err_msg = kb_asprintf("plugin %s produced malformed output", p->name);
		rc = -1;
	}
done:
	kb_buf_free(&out);
	return rc;
}
