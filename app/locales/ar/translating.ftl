# Organisers and translators add translations (issue 31).
translating-legend = الترجمات
translating-hint = النص نفسه بلغات أخرى، لمن يقرؤها بسهولة أكبر. نص فقط: الروابط ووسائل التواصل والعناوين مكانها في الحقول أعلاه. يراجع أحد المشرفين كل تغيير قبل عرضه.
translating-language = اللغة: { $language }
translating-add-language = أضف لغة
translating-add = أضف حقولها
