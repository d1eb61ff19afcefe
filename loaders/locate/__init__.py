"""Finding the tables in a Document and telling what each holds (header words, codes, labels, shape), its figures put back under their headers.

Takes a Document; gives located tables (tables.py), each with its kind and the parser that reads it.
"""
