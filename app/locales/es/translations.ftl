# Translations as part of the record (issue 31).
problem-translation-field = Una traducción solo lleva texto ({ $known }): «{ $field }» en la traducción «{ $language }» no se puede traducir. Ponlo en la ficha misma.
problem-translation-of-original = «{ $language }» es el idioma en que está escrita la ficha. Escribe ese texto en los campos de la ficha, no como traducción.
problem-translation-adds-link = La traducción «{ $language }» tiene un enlace que el original no tiene: { $given }. Quítalo: una traducción solo dice lo que dice el original, y quien cuida el original puede añadirle el enlace.
problem-translation-adds-contact = La traducción «{ $language }» tiene un contacto que el original no tiene: { $given }. Quítalo: una traducción solo dice lo que dice el original, y quien cuida el original puede añadirlo.
problem-translation-adds-address = La traducción «{ $language }» tiene una dirección o código postal que el original no tiene: { $given }. Una traducción no puede decir dónde está un grupo; quítalo.
translation-also-in = También en:
translation-written-in = Escrito en { $language }.
translation-same-sheet = La misma hoja en:
translation-original-language = Idioma original
