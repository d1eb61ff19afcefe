"""Running the loader: the command line, ingesting files in reading child processes under limits, a Dask cluster, the bundled samples.

Takes paths; gives a loaded database and a Chinese line per file.
"""
