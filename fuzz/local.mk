# fuzz/local.mk: fuzz targets (being written)
