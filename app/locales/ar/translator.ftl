# دور المترجم وعرض الأصل والترجمة جنبًا إلى جنب للمشرفين (المسألة 31).
role-translator = مترجم
problem-translators-only = لا يترجم قائمةً أو موردًا يتولاه شخص آخر إلا من لديهم دور المترجم.
translator-link = ترجِم
translator-title = ترجمة:
translator-back = العودة إلى الصفحة
translator-intro = اكتب النص باللغة التي تختارها، والأصل بجانب كل حقل. النص وحده هو ما تترجمه: تبقى الروابط ووسائل التواصل والعناوين كما هي في الأصل. يراجع مشرف ترجمتك قبل عرضها.
translator-choose = الترجمة إلى
translator-show = اعرض حقولها
translator-original = الأصل ({ $language })
translator-submit = أرسل الترجمة
translator-account-title = الترجمة
translator-account = يمكنك ترجمة أي قائمة أو فعالية أو مورد منشور: افتح صفحته واختر «ترجِم».
translator-account-listings = القوائم
translator-account-library = المكتبة
translator-review-title = الترجمات، جنبًا إلى جنب
translator-review-proposed = المقترحة ({ $language })
