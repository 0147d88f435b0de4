# Search as a reader of any language reads it (issue 31).
search-past-end = این صفحه بعد از آخرین صفحهٔ نتیجه‌هاست.
search-back-to-first = رفتن به صفحهٔ اول
