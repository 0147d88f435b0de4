# The translator role and the moderator's side-by-side view (issue 31).
role-translator = translator
problem-translators-only = Only translators can translate a listing or resource someone else looks after.
translator-link = Translate
translator-title = Translate:
translator-back = Back to the page
translator-intro = Write the text in the language you choose, using the original beside each field. Only text is yours to translate: links, contacts and addresses stay as the original has them. A moderator checks your translation before it is shown.
translator-choose = Translate into
translator-show = Show its fields
translator-original = Original ({ $language })
translator-submit = Send the translation
translator-account-title = Translating
translator-account = You can translate any published listing, event or resource: open its page and choose "Translate".
translator-account-listings = Listings
translator-account-library = Library
translator-review-title = Translations, side by side
translator-review-proposed = Proposed ({ $language })
