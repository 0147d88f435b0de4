# Translations as part of the record (issue 31).
problem-translation-field = الترجمة نصّ فقط ({ $known }): لا يمكن ترجمة «{ $field }» في الترجمة «{ $language }». ضعه في السجل نفسه.
problem-translation-of-original = «{ $language }» هي اللغة التي كُتب بها السجل. اكتب هذا النص في حقول السجل نفسه، لا كترجمة.
problem-translation-adds-link = في الترجمة «{ $language }» رابط ليس في الأصل: { $given }. احذفه: الترجمة تقول ما يقوله الأصل فقط، ومن يعتني بالأصل يستطيع أن يضيف الرابط إليه.
problem-translation-adds-contact = في الترجمة «{ $language }» وسيلة تواصل ليست في الأصل: { $given }. احذفها: الترجمة تقول ما يقوله الأصل فقط، ومن يعتني بالأصل يستطيع أن يضيفها إليه.
problem-translation-adds-address = في الترجمة «{ $language }» عنوان أو رمز بريدي ليس في الأصل: { $given }. لا يجوز للترجمة أن تقول أين تكون المجموعة؛ احذفه.
translation-also-in = متوفر أيضًا بـ:
translation-written-in = مكتوب بـ{ $language }.
translation-same-sheet = الورقة نفسها بـ:
translation-original-language = اللغة الأصلية
