/* cluster.h: near-duplicate stories: one press release republished by
 * several portals, lightly edited, is one cluster. MinHash signatures of
 * word 4-shingles, banded for locality-sensitive hashing, so that the
 * work stays linear in the number of stories. */
#ifndef KB_CLUSTER_H
#define KB_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

/* Texts shorter than this many words (not counting portal furniture such
 * as "Baca juga" and byline lines) are never clustered. */
#define KB_CLUSTER_MIN_WORDS 40

/* Two texts whose similarity is at least this are the same story. The
 * similarity: the estimated containment of the shorter text's 4-word
 * shingles in the other's, at most twice their estimated Jaccard
 * similarity (a cut-down copy joins its release; a short text made of
 * another's boilerplate does not). */
#define KB_CLUSTER_THRESHOLD 0.6

/* A signature's length (MinHash values) and its LSH bands. The low 16
 * bits of sig[0] hold the number of shingles. */
#define KB_CLUSTER_SIG	 120
#define KB_CLUSTER_BANDS 40

/* The version of the signature scheme: signatures stored with another
 * version are computed again (store.c). */
#define KB_CLUSTER_VERSION 3

/* The signature of text into sig; 0, or -1 when the text is too short
 * (fewer than KB_CLUSTER_MIN_WORDS words) or NULL. */
int kb_cluster_signature(const char *text, uint64_t sig[KB_CLUSTER_SIG]);

/* The estimated similarity (0..1) of two signatures. */
double kb_cluster_sig_similarity(const uint64_t a[KB_CLUSTER_SIG], const uint64_t b[KB_CLUSTER_SIG]);

/* The band keys of a signature: two texts that share a key are
 * candidates, to be confirmed with kb_cluster_sig_similarity. Keys are
 * below 2^63, so that they fit SQLite's signed integers. */
void kb_cluster_band_keys(const uint64_t sig[KB_CLUSTER_SIG], uint64_t keys[KB_CLUSTER_BANDS]);

/* Group the n texts (plain text, UTF-8): root[i] is the smallest index of
 * the cluster text i belongs to (i itself when alone). */
void kb_cluster(const char *const *texts, size_t n, size_t *root);

/* The estimated similarity (0..1) of two texts, as kb_cluster computes
 * it; 0 when either is too short. */
double kb_cluster_similarity(const char *a, const char *b);

#endif
