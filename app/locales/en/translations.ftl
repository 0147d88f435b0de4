# Translations as part of the record (issue 31).
problem-translation-field = A translation holds only text ({ $known }): “{ $field }” in the “{ $language }” translation cannot be translated. Put it in the record itself.
problem-translation-of-original = “{ $language }” is the language the record is written in. Write that text in the record’s own fields, not as a translation.
problem-translation-adds-link = The “{ $language }” translation has a link the original does not have: { $given }. Take it out: a translation says only what the original says, and whoever looks after the original can add the link there.
problem-translation-adds-contact = The “{ $language }” translation has a contact the original does not have: { $given }. Take it out: a translation says only what the original says, and whoever looks after the original can add the contact there.
problem-translation-adds-address = The “{ $language }” translation has an address or postcode the original does not have: { $given }. A translation may not say where a group is; take it out.
translation-also-in = Also in:
translation-written-in = Written in { $language }.
translation-same-sheet = The same sheet in:
translation-original-language = Original language
