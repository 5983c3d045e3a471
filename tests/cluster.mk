# tests/cluster.mk: one story per press release: the labeled set of
# portals' copies and near misses, and the benchmark; included by Makefile.am.
check_PROGRAMS += tests/test-cluster
TESTS += tests/test-cluster
tests_test_cluster_SOURCES = tests/test-cluster.c $(TAP_SRC) src/cluster.c src/cluster.h $(UTIL_SRC)
tests_test_cluster_LDADD = $(CORE_LIBS)
EXTRA_DIST += tests/data/clusters

# bench/cluster-bench.sh BUILDDIR builds it with `make bench/cluster-bench`.
EXTRA_PROGRAMS += bench/cluster-bench
bench_cluster_bench_SOURCES = bench/cluster-bench.c src/cluster.c src/cluster.h $(UTIL_SRC)
bench_cluster_bench_LDADD = $(CORE_LIBS)
