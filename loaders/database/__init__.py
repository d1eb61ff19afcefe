"""The DuckDB file and what is written beside it: the schema (the public contract), storing and recording documents, the two files of a split report, the kept source files, exports and the Parquet lake.

Takes a DocInfo and Facts; gives rows in DuckDB.
"""
