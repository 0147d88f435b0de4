# Translations as part of the record (issue 31).
problem-translation-field = Une traduction ne contient que du texte ({ $known }) : « { $field } » dans la traduction « { $language } » ne peut pas être traduit. Mettez-le dans la fiche elle-même.
problem-translation-of-original = « { $language } » est la langue dans laquelle la fiche est écrite. Écrivez ce texte dans les champs de la fiche, pas comme une traduction.
problem-translation-adds-link = La traduction « { $language } » contient un lien absent de l’original : { $given }. Retirez-le : une traduction ne dit que ce que dit l’original, et la personne qui s’occupe de l’original peut y ajouter le lien.
problem-translation-adds-contact = La traduction « { $language } » contient un contact absent de l’original : { $given }. Retirez-le : une traduction ne dit que ce que dit l’original, et la personne qui s’occupe de l’original peut l’y ajouter.
problem-translation-adds-address = La traduction « { $language } » contient une adresse ou un code postal absent de l’original : { $given }. Une traduction ne peut pas dire où se trouve un groupe ; retirez-le.
translation-also-in = Aussi en :
translation-written-in = Écrit en { $language }.
translation-same-sheet = La même fiche en :
translation-original-language = Langue d’origine
