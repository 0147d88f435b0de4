# Search as a reader of any language reads it (issue 31).
search-past-end = هذه الصفحة بعد آخر صفحة من النتائج.
search-back-to-first = الذهاب إلى الصفحة الأولى
