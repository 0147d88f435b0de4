# La revisión de una traducción propuesta por la moderación (issue 31).
mod-translation-only = Solo cambia una traducción; el resto de la ficha queda como está.
mod-also-translated = Traducido también a:
