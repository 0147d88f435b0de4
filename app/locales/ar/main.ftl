# Solidarity Atlas، العربية.

site-name = أطلس التضامن
lang-code = ar
site-tagline = ابحث بالقرب منك عن مجموعات العدالة للمهاجرين، وحملات الحق في الرعاية الصحية، ومراكز التوقيع.
skip-to-content = انتقل إلى المحتوى
language-switcher = اللغة
nav-home = الرئيسية

## أنواع البطاقات
kind-solidarity_group = مجموعة تضامن
kind-pnp_chapter = فرع حملة الحق في الرعاية الصحية
kind-reporting_centre = مركز توقيع

## الصفحة الرئيسية
home-heading = مجموعات وأماكن على الخريطة
home-intro = راجع كل بطاقة هنا متطوع من فريق الإشراف. تختار المجموعات مدى دقة ظهور موقعها.
filter-label = صفِّ حسب الاسم أو النوع أو المدينة
filter-placeholder = مثلاً: شيفيلد
filter-submit = تصفية
filter-clear = عرض الكل
listing-count = { $count ->
    [zero] لا توجد بطاقات
    [one] بطاقة واحدة
    [two] بطاقتان
    [few] { $count } بطاقات
    [many] { $count } بطاقة
   *[other] { $count } بطاقة
}
filter-showing = { $shown } من { $total }
listings-empty = لا توجد بطاقات بعد.
listings-none-match = لا شيء يطابق «{ $query }». جرّب كلمة أقصر أو اسم مدينة قريبة.
listing-in-town = في { $town }

## الأخطاء
not-found-title = الصفحة غير موجودة
not-found-body = لا توجد صفحة على هذا العنوان. ربما نُقلت أو أن في الرابط خطأ.
not-found-home = اذهب إلى الصفحة الرئيسية
error-title = حدث خطأ
error-body = الخطأ من جهتنا وليس منك. حاول مرة أخرى بعد دقائق.

footer-sample-data = البطاقات المعروضة في هذا العرض بيانات تجريبية خيالية.

## التنقل
nav-listings = الدليل
nav-map = الخريطة

## الدليل
listings-title = الدليل
listings-intro = مجموعات وفروع حملات ومراكز توقيع. أخبرنا أين أنت لترى الأقرب أولاً.
near-label = بالقرب من (مدينة أو منطقة بريدية أو رمز بريدي)
near-placeholder = مثلاً: Sheffield أو M14 أو SW1A 1AA
near-not-found = لم نجد «{ $place }». جرّب اسم مدينة أو منطقة بريدية مثل S1.
near-no-postcodes = لم تُحمَّل قائمة الرموز البريدية في هذا الموقع بعد، لذا لا يمكن إيجاد «{ $place }». جرّب اسم مدينتك.
near-showing = الأقرب إلى { $place } أولاً.
radius-label = ضمن
radius-any = أي مسافة
radius-km = { $km } كم
kind-label = النوع
kind-any = كل الأنواع
tag-label = النشاط
tag-any = أي نشاط
lang-label = اللغة المحكية
lang-any = أي لغة
filters-apply = اعرض البطاقات
filters-reset = امسح عوامل التصفية
listings-results = { $count ->
    [zero] لا توجد بطاقات مطابقة.
    [one] بطاقة واحدة مطابقة.
    [two] بطاقتان مطابقتان.
    [few] { $count } بطاقات مطابقة.
    [many] { $count } بطاقة مطابقة.
   *[other] { $count } بطاقة مطابقة.
}
listings-empty-filtered = لا شيء يطابق عوامل التصفية هذه. وسّع المسافة أو امسح عوامل التصفية.
distance-km = على بعد { $km } كم
page-previous = الصفحة السابقة
page-next = الصفحة التالية
page-position = الصفحة { $page } من { $pages }

## بطاقة واحدة
listing-where = المكان
listing-precision-exact = يظهر بعنوانه الدقيق (مبنى عام).
listing-precision-approximate = يظهر بشكل تقريبي، في حدود كيلومتر واحد، باختيار المجموعة.
listing-precision-area = تظهر المدينة فقط، باختيار المجموعة.
listing-address = العنوان
listing-meets = المواعيد
listing-accessibility = إمكانية الوصول
listing-activities = الأنشطة
listing-languages = اللغات المحكية
listing-contact = التواصل
listing-website = الموقع الإلكتروني
listing-email = البريد الإلكتروني
listing-phone = الهاتف
listing-social = وسائل التواصل الاجتماعي
day-mon = الاثنين
day-tue = الثلاثاء
day-wed = الأربعاء
day-thu = الخميس
day-fri = الجمعة
day-sat = السبت
day-sun = الأحد
listing-confirmed = آخر تأكيد على النشاط: { $date }
listing-on-map = اعرض على الخريطة
listing-back = العودة إلى الدليل

## الخريطة
map-title = الخريطة
map-intro = حرّك الخريطة أو أخبرنا أين أنت؛ القائمة تتبع الخريطة.
map-locate = استخدم موقعي
map-locate-note = يبقى موقعك في متصفحك؛ تُرسَل منطقة الخريطة فقط إلى هذا الموقع.
map-search = ابحث
map-legend = مفتاح الخريطة
map-in-view = على الخريطة
map-in-view-count = { $count ->
    [zero] لا توجد بطاقات ظاهرة
    [one] بطاقة واحدة ظاهرة
    [two] بطاقتان ظاهرتان
    [few] { $count } بطاقات ظاهرة
    [many] { $count } بطاقة ظاهرة
   *[other] { $count } بطاقة ظاهرة
}
map-loading = جارٍ التحميل…
map-no-js = تحتاج الخريطة إلى جافاسكريبت. يعمل الدليل بدونها.
map-zoom-in = كبّر لرؤية هذه البطاقات

## المكتبة
nav-library = المكتبة
nav-search = البحث
library-title = المكتبة
library-intro = أدلة وأدوات وأوراق «اعرف حقوقك» ونماذج وتسجيلات يتشاركها المتضامنون.
library-count = { $count ->
    [zero] لا توجد موارد مطابقة.
    [one] مورد واحد
    [two] موردان
    [few] { $count } موارد
    [many] { $count } موردًا
   *[other] { $count } مورد
}
library-empty = لا توجد موارد هنا بعد.
library-by-kind = حسب النوع
library-by-topic = حسب الموضوع
library-by-language = حسب اللغة
library-all = الكل
resource-kind-toolkit = مجموعة أدوات
resource-kind-guide = دليل
resource-kind-know-your-rights = اعرف حقوقك
resource-kind-template = نموذج
resource-kind-recording = تسجيل
resource-kind-reading = قائمة قراءة
resource-kind-other = أخرى
resource-open = افتح الأصل
resource-published = نُشر في { $date }
resource-by = من { $publisher }
resource-topics = المواضيع
resource-languages = اللغات
resource-print = اطبع هذه الصفحة
resource-back = العودة إلى المكتبة
resource-offline = حُفظت هذه الصفحة على جهازك: يمكنك فتحها مرة أخرى دون اتصال.

## البحث
search-title = البحث
search-label = ابحث في المكتبة والدليل
search-placeholder = مثلاً: رسوم المستشفى، مركز التوقيع
search-submit = ابحث
search-results = { $count ->
    [zero] لا توجد نتائج.
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $count } نتائج
    [many] { $count } نتيجة
   *[other] { $count } نتيجة
}
search-none = لم نجد شيئاً عن «{ $query }». تحقق من الإملاء أو جرّب كلمات أقل أو تصفح المكتبة.
search-type-resource = مورد
search-type-listing = مجموعة أو مكان
search-filter-type = اعرض
search-type-all = الكل
