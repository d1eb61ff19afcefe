"""Reading a file: PDF (pdfplumber over PDFium's objects), scans (OCR), text exports, Excel, Word and HTML, and .zip bundles.

Takes a file's bytes; gives a Document (document.py): pages of text lines and tables, each with where it stood.
"""
