# bench/local.mk: benchmark programs, built on demand (`make bench/NAME`)
# by the scripts in bench/, never by `make` or `make check`.
EXTRA_PROGRAMS = bench/store-cluster
bench_store_cluster_SOURCES = bench/store-cluster.c $(STORE_SRC) $(ITEM_SRC) $(URL_SRC) $(UTIL_SRC)
bench_store_cluster_LDADD = $(CORE_LIBS)
