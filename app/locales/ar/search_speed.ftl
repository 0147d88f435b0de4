# مراجعة المشرف لترجمة مقترحة (issue 31).
mod-translation-only = تتغير ترجمة فقط؛ ويبقى باقي السجل كما هو.
mod-also-translated = مترجم أيضًا إلى:
