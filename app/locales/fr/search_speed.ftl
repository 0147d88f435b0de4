# La relecture d'une traduction proposée par un modérateur (issue 31).
mod-translation-only = Seule une traduction change ; le reste de la fiche reste tel quel.
mod-also-translated = Aussi traduit en :
