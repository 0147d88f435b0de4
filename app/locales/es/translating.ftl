# Organisers and translators add translations (issue 31).
translating-legend = Traducciones
translating-hint = El mismo texto en otros idiomas, para quien los lee mejor. Solo texto: los enlaces, contactos y direcciones van en los campos de arriba. Una persona de moderación revisa cada cambio antes de mostrarlo.
translating-language = En { $language }
translating-add-language = Añadir un idioma
translating-add = Añadir sus campos
