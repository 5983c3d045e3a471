/* cluster.h: near-duplicate stories: one press release republished by
 * several portals, lightly edited, is one cluster. MinHash signatures of
 * word 4-shingles, banded for locality-sensitive hashing, so that the
 * work stays linear in the number of stories. */
#ifndef KB_CLUSTER_H
#define KB_CLUSTER_H

#include <stddef.h>

/* Texts shorter than this many words are never clustered. */
#define KB_CLUSTER_MIN_WORDS 40

/* Two texts whose estimated Jaccard similarity of 4-word shingles is at
 * least this are the same story. */
#define KB_CLUSTER_THRESHOLD 0.5

/* Group the n texts (plain text, UTF-8): root[i] is the smallest index of
 * the cluster text i belongs to (i itself when alone). */
void kb_cluster(const char *const *texts, size_t n, size_t *root);

/* The estimated similarity (0..1) of two texts, as kb_cluster computes
 * it; 0 when either is too short. */
double kb_cluster_similarity(const char *a, const char *b);

#endif
