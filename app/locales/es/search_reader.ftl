# Search as a reader of any language reads it (issue 31).
search-past-end = Esta página está después de la última página de resultados.
search-back-to-first = Ir a la primera página
