# Translations as part of the record (issue 31).
problem-translation-field = ترجمه فقط متن است ({ $known }): «{ $field }» در ترجمهٔ «{ $language }» ترجمه‌شدنی نیست. آن را در خود رکورد بگذارید.
problem-translation-of-original = «{ $language }» زبانی است که رکورد به آن نوشته شده. این متن را در فیلدهای خود رکورد بنویسید، نه به‌صورت ترجمه.
problem-translation-adds-link = ترجمهٔ «{ $language }» پیوندی دارد که در متن اصلی نیست: { $given }. آن را بردارید: ترجمه فقط همان را می‌گوید که متن اصلی می‌گوید، و کسی که متن اصلی را نگه می‌دارد می‌تواند پیوند را به آن بیفزاید.
problem-translation-adds-contact = ترجمهٔ «{ $language }» راه تماسی دارد که در متن اصلی نیست: { $given }. آن را بردارید: ترجمه فقط همان را می‌گوید که متن اصلی می‌گوید، و کسی که متن اصلی را نگه می‌دارد می‌تواند آن را به متن اصلی بیفزاید.
problem-translation-adds-address = ترجمهٔ «{ $language }» نشانی یا کد پستی‌ای دارد که در متن اصلی نیست: { $given }. ترجمه نباید بگوید گروه کجاست؛ آن را بردارید.
translation-also-in = به زبان‌های دیگر:
translation-written-in = نوشته‌شده به { $language }.
translation-same-sheet = همین برگه به زبان:
translation-original-language = زبان اصلی
