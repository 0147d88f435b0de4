# Organisers and translators add translations (issue 31).
translating-legend = Translations
translating-hint = The same text in other languages, for people who read them better. Only text: links, contacts and addresses belong in the fields above. A moderator checks each change before it is shown.
translating-language = In { $language }
translating-add-language = Add a language
translating-add = Add its fields
