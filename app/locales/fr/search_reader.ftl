# Search as a reader of any language reads it (issue 31).
search-past-end = Cette page est au-delà de la dernière page de résultats.
search-back-to-first = Aller à la première page
