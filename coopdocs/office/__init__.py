"""The bottom floor of Office and zip mechanics, free of any project rule: atomic writes
(`atomic`), reproducible zips and their seal (`reproducible`), safe zip reading (`safezip`), the
parallel runner (`parallel`), the output folder's paths and manifest (`folder`), workbook helpers
(`xlsx`), Word page headers (`letterhead`) and French typography on a Word document (`typeset`).

It imports only the ground floor (errors, formats, french). Its modules are public; each is
imported where it is used, so that `coopdocs --help` never loads openpyxl or python-docx.
"""
