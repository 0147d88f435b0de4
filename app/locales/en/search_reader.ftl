# Search as a reader of any language reads it (issue 31).
search-past-end = This page is past the last page of results.
search-back-to-first = Go to the first page
