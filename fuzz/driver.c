/* driver.c: main() for the fuzz targets when built without libFuzzer.
 *
 *   fuzz-NAME [-n MUTATIONS] [-s SEED] [-q] FILE|DIR...
 *
 * Runs the target on every file (directories: their files and
 * subdirectories, in name order, skipping dot files), then on MUTATIONS mutations of each: bit
 * flips, byte changes, inserts, deletes, truncation, duplicated chunks,
 * splices with another input and tokens parsers trip on. The mutations
 * come from a seeded PRNG, so a run is the same every time: a failure
 * names the file and the mutation number, and FUZZ_CRASH_OUT=PATH makes
 * the driver save the input that failed. Each input is copied into a
 * buffer of exactly its size, so ASan or valgrind catch reads past it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_FILE   ((size_t)4 * 1024 * 1024) /* bigger inputs are skipped */
#define MAX_MUTANT ((size_t)256 * 1024)	     /* mutations never grow past this */

struct input {
	char *name;
	unsigned char *data;
	size_t len;
};

static struct input *inputs;
static size_t n_inputs, cap_inputs;

/* What runs now, for the failure report (read from signal handlers). */
static const char *cur_name;
static long cur_mutation = -1;
static const unsigned char *cur_data;
static size_t cur_len;
static const char *crash_out;

static const char *const tokens[] = {
	"&nbsp;",
	"&amp;",
	"&#x0;",
	"&#65;",
	"&#xD800;",
	"&#1114112;",
	"&lt;",
	"&",
	";",
	"<![CDATA[",
	"]]>",
	"<!--",
	"-->",
	"<!DOCTYPE x [<!ENTITY e \"x\">]>",
	"&e;",
	"\xff",
	"\xfe\xff",
	"\xef\xbb\xbf",
	"\xc3\xa9",
	"\xe2\x80",
	"\xf0\x9f\x98\x80",
	"\0",
	"%",
	"%2",
	"%00",
	"%ff",
	"\"",
	"'",
	"\\",
	"\\u0000",
	"\\ud800",
	"<script>",
	"</script>",
	"<script",
	"javascript:",
	"java\tscript:",
	"data:text/html,",
	"<a href=\"",
	"<img src=x onerror=alert(1)>",
	"<svg>",
	"<math>",
	"<style>",
	"<p>",
	"</p>",
	"<div>",
	"</div>",
	"<table>",
	"<tr>",
	"<td>",
	"<noscript>",
	"<template>",
	"<iframe>",
	"<?xml",
	"?>",
	" encoding=\"utf-16\"",
	" encoding=\"windows-1252\"",
	"<rss version=\"2.0\">",
	"<item>",
	"</item>",
	"<entry>",
	"<link>",
	"<guid>",
	"<pubDate>",
	"<feed xmlns=\"http://www.w3.org/2005/Atom\">",
	" xml:base=\"",
	"http://",
	"https://a.b/",
	"//",
	"../",
	"./",
	"?",
	"#",
	"@",
	":",
	"[::1]",
	"\n",
	"\r\n",
	"\t",
	" ",
	"{",
	"}",
	"[",
	"]",
	",",
	"null",
	"1e999",
	"-9223372036854775808",
	"18446744073709551616",
	"0x",
	"[source a]",
	"[kabar]",
	" = ",
	"=",
	"\"\"",
	";",
	"#",
	"Senin, ",
	" WIB",
	" +0700",
	"Z",
	"T",
	"-",
	"2024-02-29",
	"9999",
	"-0001",
	"24:00:00",
	"\xff\xff\xff\xff",
	"\x01\x05\x00\x00\x00",
};

static uint64_t rng_state;

static uint64_t
rng(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
below(size_t n)
{
	return n ? (size_t)(rng() % n) : 0;
}

static void
die(const char *what, const char *name)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, name);
	exit(2);
}

static void
write_crash(void)
{
	int fd;

	if (!crash_out || !cur_data)
		return;
	fd = open(crash_out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return;
	if (write(fd, cur_data, cur_len) < 0) {
		/* nothing to do in a dying process */
	}
	close(fd);
}

static void
report(void)
{
	char buf[512];
	int n;

	if (!cur_name)
		return;
	if (cur_mutation < 0)
		n = snprintf(buf, sizeof(buf), "fuzz: failed on %s\n", cur_name);
	else
		n = snprintf(buf, sizeof(buf), "fuzz: failed on %s, mutation %ld\n", cur_name, cur_mutation);
	if (n > 0 && write(2, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1) < 0) {
		/* ignored */
	}
	write_crash();
	cur_name = NULL;
}

/* Called by ASan and UBSan before they exit. */
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static void
on_signal(int sig)
{
	report();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
add_input(const char *name, unsigned char *data, size_t len)
{
	if (n_inputs == cap_inputs) {
		cap_inputs = cap_inputs ? cap_inputs * 2 : 64;
		inputs = realloc(inputs, cap_inputs * sizeof(*inputs));
		if (!inputs)
			die("out of memory", name);
	}
	inputs[n_inputs].name = strdup(name);
	if (!inputs[n_inputs].name)
		die("out of memory", name);
	inputs[n_inputs].data = data;
	inputs[n_inputs].len = len;
	n_inputs++;
}

static void
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		die(strerror(errno), path);
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			data = realloc(data, cap);
			if (!data)
				die("out of memory", path);
		}
		n = fread(data + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
		if (len > MAX_FILE) {
			fprintf(stderr, "fuzz: skipped %s: over %zu bytes\n", path, MAX_FILE);
			free(data);
			fclose(f);
			return;
		}
	}
	if (ferror(f))
		die("cannot read", path);
	fclose(f);
	add_input(path, data, len);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
read_arg(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (stat(path, &st) != 0)
		die(strerror(errno), path);
	if (!S_ISDIR(st.st_mode)) {
		read_file(path);
		return;
	}
	d = opendir(path);
	if (!d)
		die(strerror(errno), path);
	while ((e = readdir(d)) != NULL) {
		char *full;
		size_t l;

		if (e->d_name[0] == '.')
			continue;
		l = strlen(path) + strlen(e->d_name) + 2;
		full = malloc(l);
		if (!full)
			die("out of memory", path);
		snprintf(full, l, "%s/%s", path, e->d_name);
		if (stat(full, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
			free(full);
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				die("out of memory", path);
		}
		names[n++] = full;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		read_arg(names[i]);
		free(names[i]);
	}
	free(names);
}

/* Run the target on a copy of exactly len bytes. */
static void
run_one(const unsigned char *data, size_t len)
{
	unsigned char *copy = malloc(len ? len : 1);

	if (!copy)
		die("out of memory", "input");
	if (len)
		memcpy(copy, data, len);
	cur_data = copy;
	cur_len = len;
	LLVMFuzzerTestOneInput(copy, len);
	cur_data = NULL;
	free(copy);
}

/* Insert n bytes at pos of buf (len, capacity MAX_MUTANT). */
static void
insert(unsigned char *buf, size_t *len, size_t pos, const void *p, size_t n)
{
	if (*len + n > MAX_MUTANT)
		return;
	memmove(buf + pos + n, buf + pos, *len - pos);
	memcpy(buf + pos, p, n);
	*len += n;
}

/* One mutation step on buf. */
static void
mutate_once(unsigned char *buf, size_t *len, size_t self)
{
	static const unsigned char special[] = { 0,   0xff, 0x7f, 0x80, '<', '>', '&', ';',
						 '"', '\n', '/',  ':',	'%', '0', '9', ' ' };
	size_t pos = below(*len + 1), n;
	const struct input *other;
	const char *tok;

	switch (below(10)) {
	case 0: /* flip a bit */
		if (*len)
			buf[below(*len)] ^= (unsigned char)(1u << below(8));
		break;
	case 1: /* set a byte */
		if (*len)
			buf[below(*len)] = (unsigned char)rng();
		break;
	case 2: /* a special byte */
		if (*len)
			buf[below(*len)] = special[below(sizeof(special))];
		break;
	case 3: /* insert a random byte */
	{
		unsigned char c = (unsigned char)rng();

		insert(buf, len, pos, &c, 1);
	} break;
	case 4: /* delete a range */
		if (*len) {
			pos = below(*len);
			n = 1 + below(below(2) ? 4 : *len - pos);
			if (n > *len - pos)
				n = *len - pos;
			memmove(buf + pos, buf + pos + n, *len - pos - n);
			*len -= n;
		}
		break;
	case 5: /* truncate */
		*len = below(*len + 1);
		break;
	case 6: /* duplicate a chunk */
		if (*len) {
			size_t from = below(*len);

			n = 1 + below(*len - from < 64 ? *len - from : 64);
			if (*len + n <= MAX_MUTANT) {
				unsigned char tmp[64];

				memcpy(tmp, buf + from, n);
				insert(buf, len, pos, tmp, n);
			}
		}
		break;
	case 7: /* splice: the head of this input, the tail of another */
		other = &inputs[below(n_inputs)];
		if (other != &inputs[self] || n_inputs == 1) {
			size_t from = below(other->len + 1);

			n = other->len - from;
			if (pos + n > MAX_MUTANT)
				n = MAX_MUTANT - pos;
			memcpy(buf + pos, other->data + from, n);
			*len = pos + n;
		}
		break;
	default: /* an interesting token */
		tok = tokens[below(sizeof(tokens) / sizeof(tokens[0]))];
		insert(buf, len, pos, tok, tok[0] ? strlen(tok) : 1);
		break;
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: fuzz-TARGET [-n MUTATIONS] [-s SEED] [-q] FILE|DIR...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	long mutations = 0, m;
	unsigned long long seed = 1;
	unsigned long runs = 0;
	unsigned char *buf;
	int quiet = 0, c;
	size_t i;

	while ((c = getopt(argc, argv, "n:s:q")) != -1) {
		char *end;

		switch (c) {
		case 'n':
			errno = 0;
			mutations = strtol(optarg, &end, 10);
			if (errno || *end || mutations < 0)
				usage();
			break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (errno || *end)
				usage();
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	crash_out = getenv("FUZZ_CRASH_OUT");
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(report);
	signal(SIGABRT, on_signal);
	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
	signal(SIGILL, on_signal);

	for (; optind < argc; optind++)
		read_arg(argv[optind]);
	if (n_inputs == 0)
		die("no input files", argv[0]);

	for (i = 0; i < n_inputs; i++) {
		cur_name = inputs[i].name;
		cur_mutation = -1;
		run_one(inputs[i].data, inputs[i].len);
		runs++;
	}
	buf = malloc(MAX_MUTANT);
	if (!buf)
		die("out of memory", argv[0]);
	for (i = 0; i < n_inputs; i++) {
		cur_name = inputs[i].name;
		for (m = 0; m < mutations; m++) {
			size_t len, steps, k;

			/* Mutation m of file i depends only on the seed, i and m. */
			rng_state = seed * 0x100000001b3ULL ^ ((uint64_t)i << 32) ^ (uint64_t)m;
			rng();
			len = inputs[i].len < MAX_MUTANT ? inputs[i].len : MAX_MUTANT;
			memcpy(buf, inputs[i].data, len);
			steps = 1 + below(below(4) ? 3 : 16);
			for (k = 0; k < steps; k++)
				mutate_once(buf, &len, i);
			cur_mutation = m;
			run_one(buf, len);
			runs++;
		}
	}
	cur_name = NULL;
	free(buf);
	if (!quiet)
		printf("%s: %zu inputs, %ld mutations each, %lu runs, seed %llu\n", argv[0], n_inputs, mutations, runs,
		       seed);
	for (i = 0; i < n_inputs; i++) {
		free(inputs[i].name);
		free(inputs[i].data);
	}
	free(inputs);
	return 0;
}
