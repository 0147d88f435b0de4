# Organisers and translators add translations (issue 31).
translating-legend = Traductions
translating-hint = Le même texte dans d’autres langues, pour celles et ceux qui les lisent mieux. Du texte seulement : liens, contacts et adresses vont dans les champs ci-dessus. Une personne de la modération vérifie chaque changement avant qu’il soit affiché.
translating-language = En { $language }
translating-add-language = Ajouter une langue
translating-add = Ajouter ses champs
