"""What a document is and whose: unit, year, 预算 or 决算, scope and amount unit; the unit's identity across years and spellings, its region, whether it is 中央.

Takes a Document; gives a DocInfo and unit ids.
"""
