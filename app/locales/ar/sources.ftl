sources-title = المصادر المتابَعة
sources-hint = أدلة أخرى يتابعها هذا الأطلس: موجز ⁨Open Referral UK⁩ لأطلس آخر أو لمجلس محلي، أو ملف ⁨GeoJSON⁩ أو ⁨CSV⁩ تنشره شبكة. يُقرأ كل مصدر كل بضع ساعات، وتنتظر سجلاته في طابور المراجعة مع ذكر مصدرها، ما لم يكن المصدر موثوقًا. السجل الذي يختفي من مصدره يُؤرشف هنا.
sources-empty = لا يُتابَع أي مصدر بعد.
sources-name = الاسم
sources-url = العنوان
sources-format = الصيغة
sources-format-oruk = ⁨Open Referral UK⁩ (العنوان الأساسي للواجهة البرمجية)
sources-format-geojson = ملف ⁨GeoJSON⁩
sources-format-csv = ملف ⁨CSV⁩ فيه صف عناوين
sources-kind = النوع للسجلات التي لا نعرف نوعها
sources-trusted = موثوق: تُنشر سجلاته دون مراجعة (ويبقى كل منها في سجل التدقيق)
sources-trusted-yes = موثوق: يُنشر دون مراجعة
sources-trusted-no = خاضع للمراجعة: تنتظر السجلات في الطابور
sources-never-read = لم يُقرأ بعد.
sources-last-read = آخر قراءة في { $date }:
sources-outcome-read = نسخة جديدة، أُدخلت إلى الطابور
sources-outcome-unchanged = لم يتغير شيء
sources-outcome-failed = فشلت القراءة
sources-counts = جديدة { $new }، محدَّثة { $updated }، دون تغيير { $unchanged }، مؤرشفة { $archived }، محتجزة { $held }، متروكة { $skipped }.
sources-records = { $count ->
    [zero] لا سجلات محفوظة من هذا المصدر.
    [one] سجل واحد محفوظ من هذا المصدر.
    [two] سجلّان محفوظان من هذا المصدر.
    [few] { $count } سجلات محفوظة من هذا المصدر.
    [many] { $count } سجلًا محفوظًا من هذا المصدر.
   *[other] { $count } سجل محفوظ من هذا المصدر.
}
sources-problem = ما الذي تعثّر (تبقى آخر نسخة سليمة):
sources-fetch-now = اقرأه الآن
sources-add = إضافة مصدر
sources-add-submit = أضف المصدر
sources-added = أُضيف المصدر. اقرأه الآن أو انتظر القراءة المجدولة التالية.
sources-fetched = قُرئ المصدر.
sources-saved = حُفظت المطابقة. تطبّقها القراءة التالية على كل سجل.
sources-mapping = مطابقة كلماته مع كلماتنا
sources-mapping-hint = مطابقة في كل سطر: كلمتهم = كلمتنا. الكلمة المطابَقة مع لا شيء تُحذف، والكلمة غير المطابَقة تبقى كما هي (والنوع غير المطابَق يصبح النوع أعلاه).
sources-mapping-kinds = الأنواع
sources-mapping-tags = الوسوم
sources-mapping-languages = اللغات (رموزنا: ⁨en, ar, fa, fr, es⁩…)
sources-save = احفظ المطابقة
sources-from = المصدر: { $source }
sources-from-link = سجله الأصلي
problem-source-address = «{ $given }» ليس عنوانًا يمكننا قراءته: أعطوا عنوانًا يبدأ بـ ⁨https://⁩ أو ⁨http://⁩.
problem-source-private-address = { $host } داخل شبكة خاصة: لا تُقرأ المصادر إلا من الإنترنت العام، ما لم يسمح المشغّل بالعناوين الخاصة (⁨ATLAS_ALLOW_PRIVATE_FETCH⁩).
problem-source-unreachable = تعذّر الوصول إلى { $host }: لا يوجد هذا العنوان أو لم يصل رد في الوقت. سنحاول مجددًا في القراءة التالية.
problem-source-answered = ردّ خادم المصدر بالخطأ { $status } بدلًا من سجلاته.
problem-source-too-large = المصدر أكبر من { $max } كيلوبايت، وهذا أكثر مما نقرؤه دفعة واحدة.
problem-source-too-many-records = في المصدر { $given } سجلًا، ونتابع { $max } على الأكثر.
problem-source-unreadable = تعذّرت قراءة رد المصدر: { $detail }.
problem-source-name-taken = يوجد مصدر اسمه «{ $given }» بالفعل: اختاروا اسمًا آخر.
problem-no-such-source = لا يوجد هذا المصدر.
problem-mapping-line = «{ $given }» ليس سطر مطابقة: اكتبوا كلمتهم = كلمتنا.
