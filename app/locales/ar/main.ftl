# Solidarity Atlas، العربية.

site-name = أطلس التضامن
lang-code = ar
site-tagline = ابحث بالقرب منك عن مجموعات العدالة للمهاجرين، وحملات الحق في الرعاية الصحية، ومراكز التوقيع.
site-tagline-short = اعثر على مجموعات العدالة للمهاجرين والمساعدة بالقرب منك.
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
home-near-heading = ابحث عن مجموعات قريبة منك
home-near-label = المدينة أو منطقة الرمز البريدي أو الرمز البريدي
home-near-placeholder = مثلًا Sheffield أو S1
home-near-submit = ابحث بالقرب مني
home-near-map = أو افتح الخريطة: يمكنها استخدام موقعك
home-search-heading = ابحث في المكتبة والدليل
home-join-heading = أضف مجموعتك أو موردًا
home-join-text = يراجع مشرف متطوع كل شيء قبل نشره.
home-share = شارك موردًا
home-kinds-heading = على الخريطة
home-recent-heading = أضيف مؤخرًا
home-all-listings = كل القوائم
home-resources-heading = جديد في المكتبة
home-all-resources = المكتبة كاملة
home-popular-heading = الأكثر قراءة هذا الشهر
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
listing-in-town-region = في { $town }، { $region }

## الأخطاء
not-found-title = الصفحة غير موجودة
not-found-body = لا توجد صفحة على هذا العنوان. ربما نُقلت أو أن في الرابط خطأ.
not-found-home = اذهب إلى الصفحة الرئيسية
error-title = حدث خطأ

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
near-unknown = لا نعرف المكان «{ $place }».
near-did-you-mean = هل تقصد:
near-everywhere = أو اعرض النتائج من كل مكان
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
near-submit = ابحث
filters-more = مزيد من عوامل التصفية
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
# What the pagination's landmark is called (its own text says which page).
pagination = الصفحات

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
list-separator = { "، " }
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
listing-help-title = مساعدة قريبة من هنا
listing-help-accompany = مجموعات ترافق الناس إلى التوقيع، الأقرب إلى { $town } أولًا
listing-help-groups = كل المجموعات ضمن ٢٥ كم من { $town }
listing-help-guides = أدلة لمن يذهبون إلى التوقيع: حقوقك، وما تحمله معك، وما يحدث هناك
listing-directions = الاتجاهات
listing-directions-app = في تطبيق الخرائط لديك
listing-back = العودة إلى الدليل

## الخريطة
map-title = الخريطة
map-intro = حرّك الخريطة أو أخبرنا أين أنت؛ القائمة تتبع الخريطة.
map-locate = استخدم موقعي
map-locate-note = يقرّب زر «استخدم موقعي» موقعك إلى نحو ٥ كم داخل متصفحك قبل أن يُرسَل أي شيء إلى هذا الموقع، ولا يضعه أبدًا في عنوان الصفحة.
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
map-picture-alt = خريطة لهذا العرض، فيها نقطة أو رقم لكل إدراج أو مجموعة إدراجات.
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

## المشاركة
nav-register = سجّل مجموعتك
nav-sign-in = تسجيل الدخول
nav-account = حسابك
lockdown-banner = حرصًا على السلامة، أُخفيت الأماكن والخريطة مؤقتًا. مكتبة الموارد ما زالت متاحة.

## النماذج
form-errors-title = يُرجى مراجعة هذه الحقول
form-required = (مطلوب)

## سجّل مجموعتك
register-title = سجّل مجموعتك
register-intro = ضع مجموعتك على الخريطة في دقائق. لا حاجة إلى حساب: نرسل إليك رابطًا للتأكيد، ثم يراجعها مشرف متطوع قبل أن يراها أحد.
register-name = اسم المجموعة
register-kind = نوع المجموعة
register-summary = جملة واحدة عمّا تقومون به
register-summary-hint = تظهر في القوائم ونتائج البحث.
register-description = المزيد عن المجموعة
register-description-hint = اختياري. تصبح عناوين الويب التي تكتبها هنا روابط.
register-where = المكان
register-town = المدينة، أو الجزء الأول من الرمز البريدي
register-town-hint = مثلًا { -fsi }Rotherham{ -pdi } أو { -fsi }S60{ -pdi }. يظهر هذا الاسم للجميع.
register-picker = خريطة: انقر لتحديد مكان المجموعة
register-picker-hint = أو انقر على الخريطة لتحديد مكان المجموعة. دقة العرض تعتمد على اختيارك أدناه.
register-precision = بأي دقة تُظهركم الخريطة؟
register-precision-area = المدينة فقط (الأكثر أمانًا: يُنصح به لمعظم المجموعات)
register-precision-approximate = تقريبيًا، في حدود كيلومتر واحد
register-precision-exact = العنوان الدقيق (للمباني العامة فقط، وليس أبدًا حيث يسكن الناس)
register-address = العنوان
register-address-hint = للمباني العامة التي تُعرض بعنوانها الدقيق فقط.
register-region = المنطقة
register-latitude = خط العرض
register-latitude-hint = بالدرجات العشرية، مثلًا 53.43. اتركه فارغًا لاستخدام مركز المدينة.
register-longitude = خط الطول
register-meets = أي شيء آخر عن مواعيد لقاءاتكم
register-meets-hint = اختياري. مثلًا: لا نلتقي في أغسطس، أو «اتصلوا أولًا».
register-meet-legend = لقاؤكم المنتظم
register-meet-hint = اختياري. إذا كنتم تلتقون في وقت منتظم فاختاروه هنا: بعد أن يوافق مشرف على مجموعتكم يظهر في «ما الذي يجري».
register-meet-none = لا وقت منتظم
register-meet-day = اليوم
register-meet-repeat = كم مرة
register-meet-weekly = كل أسبوع
register-meet-fortnightly = كل أسبوعين
register-meet-monthly-1 = الأول من الشهر (مثلًا أول سبت)
register-meet-monthly-2 = الثاني من الشهر
register-meet-monthly-3 = الثالث من الشهر
register-meet-monthly-4 = الرابع من الشهر
register-meet-monthly-last = الأخير من الشهر
register-languages = اللغات المستخدمة في المجموعة
register-languages-codes = رموز اللغات مفصولة بفواصل، مثل en, ar, fa.
register-other-languages = لغات أخرى
register-other-languages-hint = أي لغات أخرى، باسمها، مفصولة بفواصل: مثلًا { -fsi }Pashto{ -pdi }، { -fsi }Somali{ -pdi }.
register-tags = الأنشطة
register-tags-hint = مفصولة بفواصل، مثل محادثة بالإنجليزية، كرة القدم.
register-accessibility = إمكانية الوصول
register-website = الموقع الإلكتروني
register-phone = الهاتف
register-phone-hint = رقم في المملكة المتحدة، مثل 0114 496 0000 أو 07700 900123.
register-channels = كيف ينضم الناس إليكم
register-channels-hint = كلها اختيارية. يظهر كل منها في صفحتكم العامة فقط إذا وضعتم علامة على «إظهار للعموم» تحته. لا تضعوا أبدًا رقمًا شخصيًا قد يعرّض أحدًا للخطر.
register-show-publicly = إظهار للعموم
register-whatsapp = رابط دعوة مجموعة واتساب
register-whatsapp-hint = في واتساب: اسم المجموعة › الدعوة عبر رابط › نسخ الرابط. يبدأ بـ { -fsi }https://chat.whatsapp.com/{ -pdi }
register-signal = رابط مجموعة سيغنال
register-signal-hint = في سيغنال: اسم المجموعة › رابط المجموعة › مشاركة › نسخ. يبدأ بـ { -fsi }https://signal.group/{ -pdi }
register-telegram = مجموعة أو قناة تيليغرام
register-telegram-hint = رابط الدعوة، يبدأ بـ { -fsi }https://t.me/{ -pdi }
listing-join-whatsapp = انضم إلى مجموعة واتساب
listing-join-signal = انضم إلى مجموعة سيغنال
listing-join-telegram = انضم على تيليغرام
problem-not-uk-phone = «{ $given }» ليس رقم هاتف في المملكة المتحدة. اكتبه مثل 0114 496 0000 أو 07700 900123 أو +44 7700 900123.
problem-not-invite-link = «{ $given }» ليس رابط دعوة { $app ->
        [whatsapp] واتساب
        [signal] سيغنال
       *[telegram] تيليغرام
    }. انسخ الرابط من التطبيق: يبدأ بـ { $app ->
        [whatsapp] https://chat.whatsapp.com/
        [signal] https://signal.group/
       *[telegram] https://t.me/
    }
problem-not-ticked-to-publish = أعطيت هذا لكنك لم تضع علامة على «إظهار للعموم» تحته. ضع العلامة ليظهر في صفحتكم، أو أفرغ الحقل: لا نحتفظ إلا بما تعرضه الصفحة.
register-public-email = البريد الإلكتروني العام
register-social = روابط وسائل التواصل الاجتماعي
register-social-hint = عناوين ويب مفصولة بفواصل: رابط دعوة واتساب أو سيغنال أو تيليغرام، أو صفحة فيسبوك أو إنستغرام.
register-contact = كيف نتواصل معك
register-contact-email = بريدك الإلكتروني
register-contact-email-hint = نرسل إليه رابط التأكيد. لا يظهر للعامة إلا إذا اخترت ذلك أدناه.
register-show-email = أظهر هذا العنوان للعامة في صفحة المجموعة
register-moderation-note = يراجع مشرف كل طلب قبل ظهوره. سنراسلك عند نشره.
register-submit = أرسل للمراجعة

## شارك موردًا
share-title = شارك موردًا
share-intro = اقترح دليلًا أو مجموعة أدوات أو ورقة حقوق أو نموذجًا أو تسجيلًا للمكتبة. يراجعه مشرف أولًا.
share-resource-title = العنوان
share-kind = نوع المورد
share-url = الرابط
share-url-hint = حيث يمكن قراءته أو تنزيله، ويبدأ بـ { -fsi }https://{ -pdi }
share-body = النص
share-topics = المواضيع
share-publisher = الجهة الناشرة
share-contact-email-hint = نرسل إليه رابط التأكيد. لا يظهر للعامة أبدًا.
share-submit = أرسل للمراجعة

## بعد إرسال النموذج
thanks-registered-title = تفقّد بريدك الإلكتروني
thanks-registered-body = أرسلنا إليك رابطًا. افتحه خلال 48 ساعة لإرسال مجموعتك إلى المشرفين. لا يُنشر شيء قبل موافقة مشرف.
thanks-without-mail-title = شكرًا: وصلنا ما أرسلته
thanks-without-mail-body = هذا الموقع لا يرسل بريدًا بعد، لذا لا يوجد رابط لتفتحه: سيجد مشرف متطوع ما أرسلته ويراجعه. لا يُنشر شيء قبل موافقة مشرف.
event-form-venue-town-hint = أو رمزها البريدي. من دون الخريطة يُعرض الحدث في هذه البلدة.
mod-archive-title = إزالته من الخريطة
mod-approved-published = تمت الموافقة والنشر.
mod-approved-see = اعرضه
thanks-shared-title = تفقّد بريدك الإلكتروني
thanks-shared-body = أرسلنا إليك رابطًا. افتحه خلال 48 ساعة لإرسال المورد إلى المشرفين.
thanks-confirmed-title = شكرًا لك
thanks-confirmed-body = طلبك الآن لدى المشرفين. سنراسلك عندما يقررون.
thanks-sign-in-title = تفقّد بريدك الإلكتروني
thanks-sign-in-body = إذا كان هذا العنوان مرتبطًا بحساب، فرابط الدخول في الطريق إليك. يعمل مرة واحدة ولمدة ساعة.
thanks-message-title = أُرسلت الرسالة
thanks-message-body = أوصلنا رسالتك إلى المجموعة. سيردّون على بريدك إن استطاعوا.
thanks-report-title = شكرًا لإبلاغنا
thanks-report-body = سيراجع مشرف هذه الصفحة.
thanks-claim-title = تفقّد بريدك الإلكتروني
thanks-claim-body = أرسلنا إليك رابطًا. افتحه خلال 48 ساعة؛ ثم يقرر مشرف إن كان بإمكانك إدارة هذه الصفحة.
thanks-edit-title = أُرسلت التعديلات
thanks-edit-body = سيراجع مشرف تعديلاتك. حتى ذلك الحين تبقى الصفحة كما هي.
thanks-deleted-title = حُذف حسابك
thanks-deleted-body = حُذف حسابك والصفحات التي كنت تديرها وحدك وكل ما أرسلته إلينا.
thanks-still-active-title = شكرًا لك
thanks-still-active-body = أصبحت الصفحة مُعلَّمة على أنها ما زالت نشطة.

## الدخول والروابط البريدية
login-title = تسجيل الدخول
login-intro = أدخل بريدك الإلكتروني وسنرسل إليك رابطًا للدخول. لا حاجة إلى كلمة مرور.
login-email = البريد الإلكتروني
login-submit = أرسل لي رابطًا
login-confirm-title = الدخول إلى Solidarity Atlas
login-submit-link = دخول
confirm-title = أكّد طلبك
confirm-submit = أكّد وأرسل إلى المشرفين
still-active-title = هل ما زالت المجموعة نشطة؟
still-active-submit = نعم، ما زلنا نشطين

## حسابك
account-title = حسابك
account-signed-in-as = أنت مسجّل الدخول باسم { $email }
account-moderate = انتقل إلى قائمة المراجعة
account-listings = الصفحات التي تديرها
account-no-listings = لا تدير أي صفحة بعد.
account-view = عرض
account-edit = تعديل
account-submissions = ما أرسلته
account-no-submissions = لا شيء بعد.
account-your-data = بياناتك
account-export = نزّل كل ما نحتفظ به عنك ({ -fsi }JSON{ -pdi })
account-delete-confirm = أفهم أن هذا يحذف حسابي والصفحات التي أديرها وحدي وكل ما أرسلته
account-delete = احذف حسابي
account-sign-out = تسجيل الخروج
status-unconfirmed = بانتظار رابط البريد
status-pending = بانتظار المشرف
status-approved = مقبول
status-rejected = غير مقبول
status-published = منشورة
status-archived = مؤرشفة
edit-title = تعديل الصفحة
edit-intro = تذهب تعديلاتك إلى مشرف. تبقى الصفحة كما هي حتى يوافق عليها.
edit-not-yours = يمكنك تعديل الصفحات التي تديرها فقط.
edit-submit = أرسل التعديلات للمراجعة

## التواصل والإبلاغ والمطالبة
listing-back-to-listing = العودة إلى الصفحة
contact-title = راسل { $name }
contact-intro = نوصل رسالتك بالبريد الإلكتروني. لن يظهر لك عنوان المجموعة؛ سيظهر لهم عنوانك ليتمكنوا من الرد.
contact-your-name = اسمك
contact-your-email = بريدك الإلكتروني
contact-your-email-hint = سترد المجموعة على هذا العنوان.
contact-message = رسالتك
contact-submit = أرسل الرسالة
report-title = الإبلاغ عن مشكلة في { $name }
report-intro = أخبر المشرفين بما هو خطأ. لا حاجة إلى ذكر اسمك.
report-category = ما المشكلة؟
report-category-wrong = المعلومات خاطئة
report-category-closed = توقفت المجموعة
report-category-unsafe = هذه الصفحة تعرّض أشخاصًا للخطر
report-category-duplicate = مذكورة مرتين
report-message = التفاصيل
report-message-hint = اختياري.
report-submit = أرسل البلاغ
claim-title = إدارة { $name }
claim-intro = هل أنت من هذه المجموعة؟ اطلب إدارة صفحتها لتبقيها محدّثة. يقرر المشرف.
claim-email-hint = نرسل إليه رابط تأكيد. لا يظهر للعامة.
claim-message = ما صلتك بالمجموعة؟
claim-message-hint = يساعد هذا المشرف على اتخاذ القرار.
claim-submit = اطلب إدارة هذه الصفحة
listing-contact-form = أرسل إليهم رسالة
listing-report = أبلغ عن مشكلة
listing-claim = هل هذه مجموعتك؟
listing-may-be-inactive = لم تؤكد هذه المجموعة منذ أكثر من 15 شهرًا أنها ما زالت نشطة.

## Dates
date-format = { $day } { $month } { $year }
month-1 = يناير
month-2 = فبراير
month-3 = مارس
month-4 = أبريل
month-5 = مايو
month-6 = يونيو
month-7 = يوليو
month-8 = أغسطس
month-9 = سبتمبر
month-10 = أكتوبر
month-11 = نوفمبر
month-12 = ديسمبر
map-zoom-in-button = تكبير
map-zoom-out-button = تصغير


## Moderation and admin pages
mod-published = تاريخ النشر (YYYY-MM-DD)
mod-nav = الإشراف
mod-queue = قائمة المراجعة
mod-log = سجل التدقيق
mod-admin = الإدارة
mod-queue-title = قائمة المراجعة
mod-filter-all = الكل
mod-filter-listings = الصفحات
mod-filter-resources = الموارد
mod-waiting = بانتظار القرار ({ $count })
mod-nothing-waiting = لا شيء بانتظار المراجعة. شكرًا لك.
mod-col-sent = أُرسل
mod-col-what = ماذا
mod-col-name = الاسم
mod-what-create-listing = صفحة جديدة
mod-what-edit-listing = تعديل على صفحة
mod-what-claim-listing = طلب إدارة صفحة
mod-what-create-resource = مورد جديد
mod-what-edit-resource = تعديل على مورد
mod-what-claim-resource = طلب إدارة مورد
mod-reports = البلاغات ({ $count })
mod-no-reports = لا توجد بلاغات مفتوحة.
mod-note = ملاحظة
mod-close-report = إغلاق البلاغ
mod-submission-title = الطلب
mod-status = الحالة:
mod-sent-by = أرسله { $email } في { $date }
mod-region = المنطقة { $region }
mod-reason-given = السبب المذكور:
mod-duplicates = تكرارات محتملة
mod-listing-archived = هذه القائمة مؤرشفة. الموافقة على هذا التغيير تبقيها مؤرشفة: تظل مخفية عن العامة.
mod-km-away = على بعد نحو { $km } كم
mod-what-changes = ما الذي يتغير
mod-col-field = الحقل
mod-col-now = الآن
mod-col-proposed = المقترح
mod-approve = الموافقة
mod-correct-hint = يمكنك تصحيح السجل قبل الموافقة.
mod-approve-submit = وافق وانشر
mod-reject = الرفض
mod-reject-reason = السبب (يُرسل إلى المرسِل)
mod-history-title = سجل الصفحة
mod-public-page = الصفحة العامة
mod-archive-reason = لماذا تُؤرشف؟
mod-archive-submit = أرشِف (أزِلها من الخريطة)
mod-correct-title = تصحيح هذا الإدراج
mod-correct-listing-hint = غيّر ما هو خطأ وقل السبب: يتغير الإدراج فورًا، مع مراجعة وسطر في السجل.
mod-correct-reason = ما الذي كان خطأ
mod-correct-reason-hint = مثلًا: «كان الموقع خطأ، أبلغت عنه المجموعة». يُحفظ في السجل.
mod-correct-submit = حفظ التصحيح
mod-correct-from-report = تصحيح الإدراج
mod-revisions = النسخ ({ $count })
mod-record = السجل
mod-log-empty = لم يحدث شيء بعد.
mod-col-when = متى
mod-col-who = من
mod-col-on = على
mod-col-why = لماذا
mod-pages = الصفحات
mod-next = الصفحة التالية
mod-previous = الصفحة السابقة
mod-newer = الأحدث
mod-older = الأقدم
admin-lockdown = الإغلاق الوقائي
admin-lockdown-on = الإغلاق الوقائي مفعّل: لا يُعرض للعامة أي مكان أو خريطة أو صفحة. المكتبة تبقى متاحة.
admin-lockdown-off = الإغلاق الوقائي غير مفعّل. فعّله لإخفاء كل الأماكن والخريطة عن العامة دفعة واحدة، مثلًا أثناء تحشيد لليمين المتطرف.
admin-reason = السبب (يُحفظ في سجل التدقيق)
admin-lockdown-end = إنهاء الإغلاق
admin-lockdown-start = بدء الإغلاق
admin-outbox = صندوق الصادر
admin-outbox-hint = كل رسالة أرسلها الموقع، الأحدث أولًا. من دون خادم SMTP مضبوط (ATLAS_SMTP_URL) تنتظر الرسائل هنا لتُقرأ.
problem-no-mail-server = لا يوجد لهذا الموقع خادم بريد بعد. اضبط ATLAS_SMTP_URL وأعد تشغيله؛ عندها يُرسل البريد المنتظر هنا.
problem-no-such-mail = لا توجد رسالة كهذه في صندوق الصادر.
problem-mail-not-delivered = لم يقبلها خادم البريد: { $reason }. تبقى في صندوق الصادر وتُعاد المحاولة كل ساعة.
admin-send-now = أرسل الآن
admin-send-again = أرسل مرة أخرى (قُطعت روابطها حين أُرسلت)
admin-mail-failed = فشلت المحاولة الأخيرة:
admin-no-mail = لا رسائل بعد.
admin-sent = أُرسلت
admin-not-sent = لم تُرسل

## رسائل البريد
mail-confirm-subject = يُرجى تأكيد طلبك إلى Solidarity Atlas
mail-confirm-body =
    مرحبًا،

    أرسل أحدهم (نأمل أن تكون أنت) طلبًا إلى Solidarity Atlas بهذا العنوان.

    لإرساله إلى المشرفين، افتح هذا الرابط خلال 48 ساعة:

    { $link }

    إن لم تكن أنت، تجاهل هذه الرسالة ولن يُنشر شيء.
mail-approved-subject = تمت الموافقة على طلبك إلى Solidarity Atlas
mail-approved-body =
    مرحبًا،

    وافق مشرف على «{ $title }» وهو الآن على Solidarity Atlas.

    شكرًا لك.
mail-rejected-subject = طلبك إلى Solidarity Atlas
mail-rejected-body =
    مرحبًا،

    لم يوافق مشرف على «{ $title }» في Solidarity Atlas.

    السبب: { $reason }

    يمكنك إرساله مجددًا.
mail-sign-in-subject = رابط الدخول إلى Solidarity Atlas
mail-sign-in-body =
    مرحبًا،

    للدخول إلى Solidarity Atlas، افتح هذا الرابط خلال ساعة:

    { $link }

    إن لم تطلبه، تجاهل هذه الرسالة؛ لا يمكن لأحد الدخول من دون الرابط.

## People (admin page)
admin-people = الأشخاص
admin-people-email = البريد الإلكتروني
admin-people-role = الدور
admin-people-regions = المناطق
admin-people-regions-hint = للمشرفين: المناطق التي يتابعونها، مفصولة بفواصل. الفراغ يعني كل المناطق.
admin-people-submit = حفظ
role-admin = مدير
role-moderator = مشرف
role-organiser = منظِّم
mail-reminder-subject = هل ما زالت { $name } نشطة؟
mail-reminder-body =
    مرحبًا،

    مضى عام على «{ $name }» في Solidarity Atlas دون تحديث. إن كانت المجموعة ما زالت نشطة، افتح هذا الرابط واضغط الزر:

    { $link }

    وإلا فبعد ثلاثة أشهر ستظهر الصفحة على أنها «ربما لم تعد نشطة».
mail-relay-subject = رسالة إلى { $group } عبر Solidarity Atlas
mail-relay-body =
    أرسل { $name } <{ $email }> هذه الرسالة إلى «{ $group }» عبر Solidarity Atlas. ردّ على هذا البريد للإجابة. لم يُعرض عليه عنوانكم.

    ----
    { $message }

## Problems
problem-required = هذا الحقل مطلوب.
problem-too-long = طول النص { $given } حرفًا، والحد الأقصى { $max } حرفًا.
problem-too-many-entries = هنا { $given } عنصرًا، والحد الأقصى { $max }.
problem-entry-too-long = «{ $entry }» طويل جدًا: كل عنصر { $max } حرفًا على الأكثر.
problem-language-code = «{ $entry }» ليست لغة نعرفها. اكتب اسمها بالإنجليزية (مثل { -fsi }Pashto{ -pdi }) أو رمزها من حرفين (مثل { -fsi }ps{ -pdi }).
problem-language-needed = اذكر لغة واحدة على الأقل، مثل ar.
problem-not-web-link = «{ $given }» ليس عنوان موقع. يجب أن يبدأ بـ { -fsi }https://{ -pdi }
problem-slug-length = يجب أن يكون اسم العنوان من 1 إلى { $max } حرفًا.
problem-slug-characters = «{ $given }» يجب أن يحتوي فقط على a-z و0-9 وشرطات مفردة، لا في البداية ولا في النهاية (مثل sheffield-walking-group).
problem-unknown-kind = «{ $given }» ليس من الأنواع: { $known }.
problem-unknown-precision = «{ $given }» ليس من درجات الدقة: { $known }.
problem-unknown-choice = «{ $given }» ليس من الخيارات: { $known }.
problem-unknown-time-zone = «{ $given }» ليست منطقة زمنية نعرفها؛ اكتبها مثل Europe/London.
problem-not-local-time = «{ $given }» ليس تاريخًا ووقتًا؛ اكتبه مثل 2027-03-04T18:30 (أو 2027-03-04 ليوم كامل).
problem-end-before-start = يجب أن تأتي النهاية بعد البداية.
problem-event-too-long = لا يمكن أن تدوم المرة الواحدة أكثر من { $max } يومًا؛ لما هو أطول أضف فعالية متكررة.
problem-bad-recurrence = «{ $given }» ليست قاعدة تكرار نفهمها؛ اكتبها مثل FREQ=WEEKLY;BYDAY=TU.
problem-repeats-too-often = تتكرر الفعالية مرة واحدة في اليوم على الأكثر: اختاروا يوميًا أو أسبوعيًا أو شهريًا أو سنويًا (ألف مرة على الأكثر)، واكتبوا الوقت في البداية.
problem-date-out-of-range = «{ $given }» بعيد جدًا في الماضي أو المستقبل؛ اكتبوا تاريخًا من { $first } إلى { $last }.
problem-online-needs-link = تحتاج الفعالية عبر الإنترنت إلى رابطها ({ -fsi }https://…{ -pdi }).
problem-venue-needs-place = تحتاج الفعالية في مكانها الخاص إلى مدينة المكان ونقطته.
problem-exact-venue-must-be-public = لا يُعرض المكان بدقة إلا إذا كان مبنى عامًا. لا تكتب أبدًا عنوان فندق أو نُزُل يسكنه الناس.
problem-coordinates-out-of-range = يجب أن يكون خط العرض بين -90 و90 وخط الطول بين -180 و180.
problem-coordinates-incomplete = أدخل خط العرض وخط الطول معًا، أو لا تدخل أيًّا منهما.
problem-not-a-number = «{ $given }» ليس رقمًا مثل 53.38.
problem-address-needs-exact = لا نحتفظ بالعنوان إلا للمباني العامة المعروضة بعنوانها الدقيق. احذف العنوان أو اختر العنوان الدقيق.
problem-nested-too-deep = في هذا النص اقتباسات أو قوائم أو أقواس متداخلة بعمق { $depth } مستوى، والحد الأقصى { $max }.
problem-not-email = «{ $given }» ليس عنوان بريد إلكتروني.
problem-not-phone = «{ $given }» ليس رقم هاتف (أرقام ومسافات و+ - ( ) فقط).
problem-not-date = «{ $given }» ليس تاريخًا مثل 2026-01-31.
problem-too-many-meetings = هنا { $given } لقاءً في الأسبوع، والحد الأقصى { $max }.
problem-bad-meeting = { $day } { $start }–{ $end }: اختر يومًا (mon … sun) وأوقاتًا مثل 18:00، على أن تكون البداية قبل النهاية.
problem-hidden-character = يحتوي هذا النص على حرف غير مرئي ({ $code_point }) يغيّر طريقة عرض النص. يُرجى كتابته من جديد بدونه.
problem-place-not-found = { $count ->
        [0] لم نجد «{ $place }». جرّب بلدة قريبة، أو الجزء الأول من الرمز البريدي (مثل S1).
       *[other] لم نجد «{ $place }». هل تقصد: { $suggestions }؟
    }
problem-not-for-this-kind = هذا مبنى عام وليس مجموعة: لا أحد هناك يردّ على الرسائل، ولا يمكن المطالبة به، ولا تُدرَج له فعاليات. تربط صفحته بمجموعات قريبة يمكنها المساعدة.
problem-point-far-from-town = النقطة على الخريطة تبعد { $km } كم عن { $town }، أي أكثر من { $max } كم. حرّك الدبوس إلى { $town }، أو غيّر البلدة إلى حيث تلتقي المجموعة.
problem-outside-coverage = هذه النقطة خارج المملكة المتحدة وأيرلندا، وهي المنطقة التي تغطيها هذه الخريطة.
problem-contact-email = أدخل عنوان بريد إلكتروني يمكننا إرسال رابط التأكيد إليه، مثل name@example.org.
problem-your-email = أدخل عنوان بريدك الإلكتروني، مثل name@example.org.
problem-reply-email = أدخل عنوان بريدك الإلكتروني حتى تتمكن المجموعة من الرد عليك.
problem-person-email = أدخل عنوان البريد الإلكتروني للشخص، مثل name@example.org.
problem-message-length = اكتب ما بين 10 و5000 حرف.
problem-confirm-delete = ضع علامة في المربع لتأكيد أنك تريد حذف كل شيء.
problem-reason-for-audit = اذكر السبب، لسجل المراجعة.
problem-reason-for-sender = اذكر السبب، حتى يتمكن المرسل من تصحيحه.
problem-report-category = اختر ما هو الخطأ في هذا الإدراج.
problem-choose-role = اختر ⁨admin⁩ أو ⁨moderator⁩ أو ⁨translator⁩ أو ⁨organiser⁩.
problem-on-or-off = اختر تشغيل أو إيقاف.
problem-too-fast = أُرسل هذا بسرعة كبيرة. إن كان متصفحك قد ملأ النموذج عنك فلا بأس: راجع ما ملأه وأرسله مرة أخرى.
problem-form-too-old = فُتح هذا النموذج قبل أكثر من يوم. يُرجى مراجعة ما كتبته وإرساله مرة أخرى.
problem-form-already-sent = أُرسل هذا النموذج مرة من قبل. لإرساله مرة أخرى، راجعوا ما كتبتم أدناه وأرسلوه.
problem-record-unreadable = لا يمكن قراءة هذا السجل. يُرجى إبلاغ مديري الموقع.
problem-no-such-page = لا توجد صفحة على هذا العنوان. ربما نُقلت أو أن في الرابط خطأ.
problem-no-such-listing = لا يوجد إدراج بهذا الاسم.
problem-no-such-submission = لا يوجد طلب بهذا الرقم.
problem-no-such-report = هذا البلاغ مغلق أو غير موجود.
problem-no-reply-address = لم تقدّم هذه المجموعة عنوانًا لاستقبال الرسائل.
problem-link-expired = انتهت صلاحية هذا الرابط أو سبق استخدامه. أرسل النموذج مرة أخرى إذا احتجت.
problem-sign-in-link-expired = انتهت صلاحية رابط تسجيل الدخول هذا أو سبق استخدامه. اطلب رابطًا جديدًا.
problem-submission-gone = هذا الطلب لم يعد موجودًا.
problem-not-your-listing = يمكنك تعديل الإدراجات التي تتولى رعايتها فقط.
problem-outside-your-regions = هذا يقع، أو سيقع، في منطقة لا تشرف عليها.
problem-admins-only = هذا متاح للمديرين فقط.
problem-only-admin = أنت المدير الوحيد. اجعل شخصًا آخر مديرًا أولًا.
problem-decided-meanwhile = اتخذ شخص آخر قرارًا بشأن هذا في الأثناء.
problem-slug-taken = يوجد إدراج باسم { $slug } بالفعل.
problem-not-waiting = هذا لا ينتظر قرارًا.
problem-too-many-mails-to-address = أرسلنا عدة رسائل إلى هذا العنوان خلال الساعة الماضية. يُرجى الانتظار ساعة ثم المحاولة مجددًا.
problem-too-many-posts = أُرسلت نماذج كثيرة جدًا من اتصالك خلال الساعة الماضية. يُرجى المحاولة لاحقًا.
problem-not-a-form = أرسل هذا كنموذج HTML.
problem-form-too-large = هذا النموذج أطول بكثير مما تسمح به أي خانة. اختصر النص وأرسله مرة أخرى.
problem-too-many-fields = في هذا النموذج خانات أكثر بكثير من أي نموذج لدينا. أعد تحميل الصفحة وأرسله مرة أخرى.
problem-form-expired = حفاظًا على سلامتك لم نقبل هذا النموذج: إنه قديم أو جاء من موقع آخر. ارجع، وأعد تحميل الصفحة، وأرسله مرة أخرى.
problem-sign-in-first = سجّل الدخول أولًا، ثم حاول مرة أخرى.
problem-not-allowed-here = حسابك لا يمنحك الوصول إلى هذا.
problem-sign-in-unavailable = لا يمكننا التحقق من تسجيل دخولك الآن. يُرجى المحاولة بعد دقيقة.
problem-not-saved = لم نتمكن من حفظ هذا الآن. لم يضِع شيء من جهتك: ارجع وأرسله مرة أخرى بعد دقيقة.

## Refusal pages
refusal-check-form = يُرجى مراجعة النموذج
refusal-not-allowed = غير مسموح
refusal-not-found = غير موجود
refusal-already-done = تم ذلك بالفعل
refusal-link-gone = هذا الرابط لم يعد يعمل
refusal-wait = يُرجى الانتظار
refusal-try-again = يُرجى المحاولة مرة أخرى
refusal-sign-in = يُرجى تسجيل الدخول
refusal-form-expired = انتهت صلاحية هذا النموذج
refusal-back-home = العودة إلى أطلس التضامن
problem-fault = الخطأ من جهتنا وليس منك. حاول مرة أخرى بعد دقائق.

## Link previews
preview-directory = كل المجموعات وفروع الحملات ومراكز الإبلاغ في الدليل، الأقرب أولًا عندما تكتب بلدة أو رمزًا بريديًا.
preview-map = خريطة لمجموعات العدالة للمهاجرين وحملات الحق في الصحة ومراكز الإبلاغ في المملكة المتحدة وأيرلندا.
preview-library = أدلة ومجموعات أدوات ونشرات «اعرف حقوقك» ونماذج من الحركة، بعدة لغات.
preview-search = ابحث في المجموعات وفي مكتبة الأدلة ومجموعات الأدوات.
preview-register = ضع مجموعتك على الخريطة. يراجع مشرف كل إدراج قبل عرضه، وأنت تختار مدى دقة موقعه.
preview-share = شارك مجموعة أدوات أو دليلًا أو نشرة «اعرف حقوقك» مع الحركة.
preview-listing = { $kind } في { $town }.

# What's on
nav-events = الفعاليات
events-title = الفعاليات
events-intro = أنشطة واجتماعات وتدريبات ومهرجانات المجموعات في الدليل. كلها مجانية ما لم يُذكر غير ذلك.
preview-events = أنشطة أسبوعية وتدريبات وندوات ومهرجانات قريبة منك، من مجموعات التضامن المحلية.
events-today = اليوم
events-this-week = هذا الأسبوع
events-later = لاحقًا
events-empty = لم نجد شيئًا لهذه التواريخ والمرشحات. جرّب مسافة أوسع أو مرشحات أقل.
events-radius = المسافة
event-distance = { $km } كم
events-category = نوع الفعالية
events-any-category = أي نوع
events-language = اللغة
events-any-language = أي لغة
events-only = أظهر فقط
events-online-only = عبر الإنترنت
events-in-person-only = حضوريًا
events-free = مجاني
events-step-free = دخول بلا درج
events-women = للنساء
events-filter-submit = أظهر الفعاليات
events-subscribe = اشترك في تقويمك
events-download = نزّل (.ics)
events-near-heading = الفعاليات قرب { $place }، الأقرب موعدًا أولاً
events-within = في حدود { $km } كم من { $place }
events-within-online = في حدود { $km } كم من { $place }، والفعاليات عبر الإنترنت
events-change-radius = تغيير
events-feed-intro = يمكن لتقويمك أن يتابع هذه القائمة، بالمرشحات التي اخترتها، ويعرض المواعيد الجديدة من تلقاء نفسه. انسخ هذا العنوان إليه:
events-feed-address = عنوان التقويم
events-feed-google = تقويم Google: على حاسوب، افتح calendar.google.com، ثم «تقويمات أخرى» ← «+» ← «من عنوان URL»، والصق العنوان واختر «إضافة تقويم».
events-feed-android = هاتف Android: أضفه إلى تقويم Google كما في الأعلى، فيظهر بعدها في تقويم الهاتف (لا يستطيع التطبيق نفسه إضافة عنوان).
events-feed-apple = تقويم Apple (iPhone وiPad وMac): اضغط الرابط أدناه، أو اذهب إلى الإعدادات ← التقويم ← الحسابات ← إضافة حساب ← أخرى ← إضافة تقويم مشترك فيه، والصق العنوان.
events-feed-outlook = Outlook: «إضافة تقويم» ← «الاشتراك من الويب»، والصق العنوان؛ أو استخدم الرابط أدناه.
events-feed-open = افتح في تقويم Apple أو Outlook
events-download-once = (مرة واحدة: هذه المواعيد، دون تحديثات)
copy-button = نسخ
copy-done = تم النسخ
copy-selected = تم التحديد: انسخه من قائمة هاتفك
events-more = تواريخ لاحقة
event-all-day = طوال اليوم
event-time-range = { $start }–{ $end }
event-date-time = { $date }، { $time }
event-status-cancelled = أُلغيت
event-status-postponed = أُجّلت
event-status-moved-online = نُقلت إلى الإنترنت
event-online = عبر الإنترنت
event-hybrid = حضوريًا وعبر الإنترنت
event-back = → الفعاليات
event-next-dates = التواريخ القادمة
event-no-dates = لا توجد تواريخ قادمة.
event-add-to-calendar = أضف إلى تقويمك
event-where = المكان
event-online-link = انضم عبر الإنترنت
event-organised-by = تنظّمها
event-cost = التكلفة
event-cost-free = مجانية
event-cost-donation = تبرع إن استطعت
event-cost-price = برسوم
event-audience = لمن هي
event-how-to-join = كيف تنضم
event-join-turn-up = تعال فقط.
event-join-register = سجّل أولًا عبر نموذج التواصل مع المجموعة.
event-join-link = سجّل في صفحة المنظِّم
listing-next-dates = التواريخ القادمة
listing-no-dates = لا توجد تواريخ بعد.
listing-all-dates = كل التواريخ
home-whats-on-heading = فعاليات قريبة
home-all-events = كل الفعاليات
event-category-regular_activity = نشاط منتظم
event-category-meeting = اجتماع
event-category-training = تدريب / اعرف حقوقك
event-category-webinar = ندوة عبر الإنترنت
event-category-action = تحرّك
event-category-festival = مهرجان
event-category-summit = ملتقى
event-category-reading_group = مجموعة قراءة
event-category-drop_in = لقاء مفتوح
access-step-free = بلا درج
access-hearing-loop = حلقة سمعية
access-interpreter = مترجم
access-bsl-or-captions = لغة إشارة أو ترجمة نصية
access-childcare = رعاية أطفال
access-quiet-room = غرفة هادئة
audience-everyone = الجميع
audience-women = النساء
audience-lived-experience = أصحاب التجربة المعاشة
audience-workers = العاملون
audience-young-people = الشباب
events-unavailable = لا يمكن عرض التواريخ الآن؛ حاول مرة أخرى بعد قليل.
account-add-event = أضف فعالية
event-form-no = لا
event-form-yes = نعم
event-repeat-none = لا تتكرر
event-repeat-weekly = كل أسبوع في هذا اليوم
event-repeat-fortnightly = كل أسبوعين في هذا اليوم
event-repeat-monthly = كل شهر في هذا اليوم من الأسبوع (مثل الثلاثاء الثاني)
event-repeat-monthly_last = كل شهر في آخر هذا اليوم من الأسبوع
event-place-listing = في مكان المجموعة (كما تعرضه الخريطة)
event-place-venue = في مكان عام آخر
event-place-online = عبر الإنترنت فقط
event-form-title = عنوان الفعالية
event-form-summary = سطر واحد عنها
event-form-description = المزيد عنها
event-form-languages = اللغات المستخدمة
event-form-languages-hint = رموز تفصل بينها فواصل، مثل en, ar, fa
event-form-when = متى
event-form-date = التاريخ (أول تاريخ إن كانت تتكرر)
event-form-start = تبدأ في
event-form-end = تنتهي في
event-form-end-date = آخر يوم (للفعاليات التي تستمر اليوم كله)
event-form-end-date-hint = اتركه فارغًا ليوم واحد.
event-form-repeat = التكرار
event-form-until = تتكرر حتى (اختياري)
event-form-rrule = نمط آخر (لخبراء التقويم)
event-form-rrule-hint = فقط إذا لم يناسب أي من الخيارات أعلاه. يُكتب كما في ملفات التقويم: FREQ=MONTHLY;BYDAY=-1TH هو آخر خميس من كل شهر.
event-form-safety = لا تكتب أبدًا مكان فندق أو نُزُل أو بيت يسكنه الناس: يجب ألا تكون الفعاليات هناك علنية. لا يُعرض المكان بدقة إلا إذا كان مبنى عامًا (مكتبة، قاعة، دار عبادة).
event-form-place = أين تقام
event-form-online-url = رابط الإنترنت ({ -fsi }https://…{ -pdi })
event-form-venue-name = اسم المكان
event-form-venue-town = مدينة المكان
event-form-public-building = المكان مبنى عام
event-form-price = السعر (إن وُجد)
event-form-access-notes = أي شيء آخر عن سهولة الوصول
event-form-join-url = رابط التسجيل (إن كان التسجيل في صفحتكم)
event-form-new-title = أضف فعالية
event-form-intro = يراجع مشرف الفعاليات الجديدة قبل نشرها. التواريخ بتوقيت المملكة المتحدة.
event-form-submit = أرسل إلى المشرفين
event-form-edit-title = فعاليتك
event-form-change-heading = غيّر الفعالية
event-form-edit-intro = يراجع مشرف التغييرات؛ وحتى ذلك الحين تبقى الفعالية كما كانت.
event-form-cancel-heading = ألغِ موعدًا أو أجّله أو انقله إلى الإنترنت
event-form-cancel-intro = إلغاء موعد واحد أو تأجيله أو نقله إلى الإنترنت يُنشر فورًا.
event-form-cancel-date = ألغِ هذا الموعد
mod-what-create-event = فعالية جديدة
mod-what-edit-event = تغييرات على فعالية
mod-event-safety = تحقق من المكان: يجب ألا تكون أي فعالية في فندق أو نُزُل أو بيت يسكنه الناس علنية، ولا يُعرض بدقة إلا مبنى عام.
thanks-event-title = أُرسلت الفعالية
thanks-event-body = سيراجعها مشرف. سنراسلك عندما يقرر.
thanks-cancelled-title = أُلغي الموعد
thanks-cancelled-body = يظهر الموعد ملغى في كل مكان، بما في ذلك التقويمات المشتركة.
event-suggest-link = اقترح فعالية
event-suggest-title = اقترح فعالية لـ { $name }
event-suggest-intro = أخبرنا عن فعالية لهذه المجموعة. نرسل إليك رابطًا؛ وبعد فتحه يراجع مشرف الفعالية قبل نشرها.
event-suggest-email-hint = لا يراه إلا المشرفون؛ نرسل الرابط إلى هنا.
thanks-suggested-title = تحقق من بريدك
thanks-suggested-body = أرسلنا إليك رابطًا. افتحه خلال 48 ساعة لإرسال الفعالية إلى المشرفين.

## متابعة تقويم المجموعة
account-calendar = تابِع تقويمكم
calendar-title = متابعة تقويم مجموعتكم
calendar-intro = إن كانت مجموعتكم تحتفظ بتقويم (تقويم Google أو Nextcloud أو Outlook أو إضافة فعاليات في WordPress)، فأعطونا عنوانه العام بصيغة iCalendar. نقرؤه كل ساعة ونُبقي فعالياتكم هنا مطابقة له. يراجع أحد المشرفين القراءة الأولى قبل أن يُعرض أي شيء.
calendar-start = عنوان التقويم
calendar-change = غيّر العنوان
calendar-url = عنوان التقويم (iCalendar، ‎.ics)
calendar-url-hint = في تقويم Google: الإعدادات، ثم تقويمكم، ثم «العنوان العام بتنسيق iCal». يبدأ بـ https://. العنوان الجديد يُعرض على المشرفين من جديد.
calendar-public-venues = الأماكن في هذا التقويم مبانٍ عامة: اعرض عناوينها
calendar-public-venues-hint = لا تحدد هذا الخيار إلا إذا كان كل مكان فيه مبنى عامًا، مثل مكتبة أو مركز مجتمعي. من دونه نحذف كل عنوان ونقطة على الخريطة من التقويم ونستعمل مكان مجموعتكم بالدقة التي تُظهرها بطاقتكم. لا تذكروا أبدًا فندقًا أو نُزُلًا يسكنه الناس.
calendar-submit = تابِع هذا التقويم
calendar-status = التقويم الذي نتابعه
calendar-state-in_review = بانتظار المشرفين: لا يُعرض منه شيء بعد.
calendar-state-following = متابَع: تظهر تغييراته هنا خلال ساعة.
calendar-state-refused = رفضه أحد المشرفين: لا يُعرض منه شيء. غيّروا العنوان لإرساله من جديد.
calendar-events = { $count ->
    [zero] لم تُقرأ منه أي فعالية.
    [one] قُرئت منه فعالية واحدة.
    [two] قُرئت منه فعاليتان.
    [few] قُرئت منه { $count } فعاليات.
   *[other] قُرئت منه { $count } فعالية.
}
calendar-read-at = آخر نسخة سليمة: { $date }
calendar-never-read = لم يُقرأ بعد.
calendar-checked-at = آخر فحص: { $date }
calendar-trouble = فشلت آخر محاولة لقراءته؛ نواصل عرض آخر نسخة سليمة وسنحاول من جديد.
calendar-skipped = { $count ->
    [one] تعذّر أخذ فعالية واحدة منه (تبقى هنا آخر نسخة سليمة منها):
   *[other] تعذّر أخذ { $count } من فعالياته (تبقى هنا آخر نسخة سليمة منها):
}
calendar-stop = أوقف المتابعة
calendar-stop-hint = تبقى الفعاليات التي قُرئت حتى الآن؛ يمكنكم تعديلها أو إلغاؤها هنا.
thanks-calendar-title = قُرئ التقويم
thanks-calendar-body = قرأنا تقويمكم. سيراجعه أحد المشرفين وسنراسلكم عندما يقرر. حتى ذلك الحين لا يُنشر منه شيء.
thanks-calendar-stopped-title = توقفت متابعة التقويم
thanks-calendar-stopped-body = لم نعد نقرؤه. تبقى الفعاليات التي قُرئت ويمكنكم تعديلها أو إلغاؤها.
mod-what-create-calendar = تقويم للمتابعة
mod-what-edit-calendar = عنوان جديد لتقويم متابَع
mod-calendar-events = فعالياته
mail-calendar-failing-subject = لا نستطيع قراءة تقويم مجموعتكم
mail-calendar-failing-body =
    مرحبًا،

    لم يتمكن أطلس التضامن من قراءة التقويم على العنوان { $url }: { $problem }

    نواصل عرض آخر نسخة أمكن قراءتها ونحاول من جديد كل ساعة. تُظهر صفحة حسابكم سير الأمور.
problem-calendar-address = «{ $given }» ليس عنوان تقويم: أعطوا عنوان ملف iCalendar (‎.ics) يبدأ بـ https://‎ أو http://‎.
problem-calendar-private-address = { $host } داخل شبكة خاصة: لا نقرأ إلا التقاويم المنشورة على الإنترنت العام.
problem-calendar-unreachable = لم نتمكن من الوصول إلى { $host }: العنوان غير موجود أو لم يصل رد في الوقت. تحققوا من العنوان؛ نحاول من جديد كل ساعة.
problem-calendar-answered = ردّ خادم التقويم بالخطأ { $status } بدل التقويم. هل التقويم عام؟
problem-calendar-too-large = التقويم أكبر من { $max } كيلوبايت. شاركوا تقويمًا فيه فعاليات سابقة أقل.
problem-calendar-not-ics = هذا العنوان لا يعطي ملف iCalendar (‎.ics).
problem-calendar-nested-too-deep = يتداخل التقويم بأجزائه لأكثر من { $max } مستويات، وهذا ما لا تفعله التقويمات أبدًا. تأكدوا أن العنوان يعطي تقويم مجموعتكم.
problem-calendar-too-many-events = في التقويم { $given } فعالية؛ نتابع { $max } على الأكثر.
problem-no-calendar = هذه البطاقة لا تتابع أي تقويم.
filter-on-this-week = المجموعات التي لديها فعالية خلال الأيام السبعة القادمة فقط
event-form-postpone-date = أُجّلت
event-form-online-date = نُقلت إلى الإنترنت
thanks-date-changed-title = تغيّر الموعد
thanks-date-changed-body = يظهر الموعد متغيّرًا في كل مكان، بما في ذلك اشتراكات التقويم.
search-type-event = فعالية
feed-listings-title = أطلس التضامن: مجموعات وأماكن جديدة
feed-library-title = أطلس التضامن: جديد المكتبة
embed-title = مجموعات وأماكن
embed-title-near = مجموعات وأماكن قرب { $place }
embed-see-all = اعرض الكل ({ $count }) على أطلس التضامن
embed-builder-title = ضع الأطلس على موقعك
embed-builder-intro = اختر ما تريد عرضه وانسخ الشفرة إلى صفحتك. تعمل القائمة من دون جافاسكربت، ولا تضع ملفات تعريف ارتباط، ولا تحمّل شيئًا إلا منا، وتُظهر كل مكان بالدقة التي اختارتها مجموعته فقط.
embed-interface-language = لغة القائمة
embed-width = أقصى عرض (بكسل)
embed-height = الارتفاع (بكسل)
embed-show = اعرض
embed-preview = كيف ستبدو
embed-copy = انسخ هذا إلى صفحتك
embed-iframe-title = أطلس التضامن: مجموعات وأماكن
embed-map-unavailable = الخريطة غير متاحة حاليًا.
embed-what = ما الذي يُعرض
embed-what-list = قائمة
embed-what-map = خريطة

# /developers: open data and the API
footer-open-data = البيانات المفتوحة وواجهة البرمجة
developers-title = البيانات المفتوحة وواجهة البرمجة
developers-intro = الدليل والمكتبة والفعاليات بيانات مفتوحة: يمكن لأي موقع أو أداة قراءتها من دون مفتاح ومن دون ملفات تعريف ارتباط. يظهر كل مكان بالدقة التي اختارتها مجموعته فقط، ولا يُجاب بشيء أثناء الإغلاق.
developers-ways-in = طرق الوصول
api-title = واجهة { -fsi }JSON{ -pdi } البرمجية
api-parameters = المعاملات
api-required = مطلوب
api-name = الاسم
api-values = القيم
api-meaning = المعنى
api-responses = الإجابات:
api-example-request = مثال على طلب:
api-example-answer = والرد عليه:

# /embed/events
embed-what-events = الفعاليات (قائمة بالمواعيد)
embed-events-title = الفعاليات
embed-events-title-near = الفعاليات قرب { $place }
embed-events-see-all = شاهد كل الفعاليات على أطلس التضامن
embed-width-note = على شاشة أضيق، كشاشة الهاتف، يصغر ليناسب الصفحة.
embed-copy-button = نسخ
embed-copied = تم النسخ. الصقه في HTML صفحتك.
embed-copy-selected = تم تحديد النص. انسخه بأمر النسخ في جهازك.
embed-iframe-title-events = أطلس التضامن: الفعاليات

# /map: "use my location" when no position comes
map-locate-refused = لم يشارك متصفحك موقعك، فلم يُرسَل شيء. اكتب بدلًا من ذلك اسم مدينة أو رمزًا بريديًا في الخانة أعلاه.
map-locate-failed = تعذّر تحديد موقعك في الوقت المناسب، فلم يُرسَل شيء. اكتب بدلًا من ذلك اسم مدينة أو رمزًا بريديًا في الخانة أعلاه.

# /map and /embed/map: a listing's card, and what a cluster holds, in a popup
map-card-meets = المواعيد:
map-card-next = الموعد القادم:
map-card-open = افتح
map-cluster-here = في هذا المكان
map-popup-close = إغلاق

# The map on a touch screen: one finger scrolls the page
map-two-fingers = استخدم إصبعين لتحريك الخريطة
mod-point-distance = تبعد هذه النقطة { $km } كم عن مركز { $town }.
mod-point-far = تبعد هذه النقطة { $km } كم عن مركز { $town }، أي أكثر من { $max } كم: تحقّق من البلدة أو النقطة قبل الموافقة.
mod-point-picture = خريطة صغيرة عليها النقطة محاطة بدائرة.

# The map picker of the registration and event forms: its own place search and "use my location"
picker-search = ابحث عن مكان على الخريطة
picker-search-none = لم نجد بلدة أو منطقة رمز بريدي بهذا الاسم. جرّب كتابة أخرى، أو النصف الأول من الرمز البريدي مثل S1.
picker-locate-note = «استخدم موقعي» يضع الدبوس حيث أنت الآن: استخدمه وأنت في المكان نفسه. لا يُرسَل موقعك إلا مع هذا النموذج.
picker-located = الدبوس في موقعك. اسحبه إلى المكان الدقيق إذا لزم الأمر.
event-form-picker = خريطة: انقر لتحديد المكان
event-form-picker-hint = أو اختر المكان على الخريطة. من دون الخريطة تُستخدم بلدة المكان ويُعرض الحدث فيها. دقة العرض تعتمد على اختيارك أدناه.
mod-unconfirmed = لم يؤكدها مُرسِلوها ({ $count })
mod-unconfirmed-note = لم يفتح المُرسِل الرابط الذي أرسلناه بالبريد. إن كنت تعرف أن الطلب حقيقي فأدخِله قائمة الانتظار؛ سيُسجَّل اسمك في سجل التدقيق.
mod-no-mail-note = هذا الموقع لا يرسل بريدًا (لم يُضبط خادم بريد: ATLAS_SMTP_URL)، فلن تصل روابط التأكيد أبدًا. راجِع كل طلب وأدخِله قائمة الانتظار بنفسك؛ سيُسجَّل اسمك في سجل التدقيق. يمكن للمشرف العام ضبط البريد — انظر صفحة الإدارة.
mod-unconfirmed-badge = غير مؤكَّد
mod-take = أدخِله قائمة الانتظار
admin-no-mail-server = هذا الموقع لا يرسل بريدًا: لم يُضبط خادم بريد (ATLAS_SMTP_URL). ما يعمل دونه: الموقع كله، ويُدخِل المشرفون طلبات التسجيل قائمة الانتظار بأنفسهم في ‎/moderate. ما ينتظر: رسائل التأكيد وتسجيل الدخول والرد تبقى هنا وروابطها محذوفة. لإرسال البريد، شغّل الخادم مع ATLAS_SMTP_URL=smtp://user:password@mail.example.org:587?tls=required؛ وحتى ذلك الحين يطبع الأمر atlas user link --email ADDRESS رابط تسجيل دخول.

## Values from the data: regions, activities, library topics.
region-north-east = شمال شرق إنجلترا
region-north-west = شمال غرب إنجلترا
region-yorkshire-and-the-humber = يوركشاير وهامبر
region-east-midlands = ميدلاندز الشرقية
region-west-midlands = ميدلاندز الغربية
region-east-of-england = شرق إنجلترا
region-london = لندن
region-south-east = جنوب شرق إنجلترا
region-south-west = جنوب غرب إنجلترا
region-scotland = اسكتلندا
region-wales = ويلز
region-northern-ireland = أيرلندا الشمالية
region-ireland = أيرلندا
region-isle-of-man = جزيرة مان
region-channel-islands = جزر القنال
tag-health-access = الوصول إلى الرعاية الصحية
tag-know-your-rights-sessions = جلسات التعريف بالحقوق
tag-walking-group = مجموعة مشي
tag-dance = رقص
tag-housing = السكن
tag-football = كرة القدم
tag-legal-advice-signposting = الإرشاد إلى المشورة القانونية
tag-accompaniment-to-reporting = المرافقة إلى التوقيع
tag-english-conversation = محادثة باللغة الإنجليزية
tag-women-s-group = مجموعة نسائية
tag-film-club = نادي السينما
tag-creative-writing = الكتابة الإبداعية
tag-drop-in = لقاء مفتوح
tag-cooking = الطبخ
tag-storytelling = رواية القصص
tag-sewing = الخياطة
tag-art-and-chat = فن ودردشة
topic-health = الصحة
topic-detention = الاحتجاز
topic-reporting = التوقيع
topic-nhs-charging = رسوم الخدمات الصحية الوطنية
topic-organising = التنظيم
topic-safety = السلامة
topic-campaigning = الحملات
topic-gp-registration = التسجيل لدى طبيب عام
topic-mental-capacity = الأهلية العقلية
topic-legal-aid = المساعدة القانونية المجانية
topic-housing = السكن
topic-training = التدريب
topic-welfare = الإعانات الاجتماعية
topic-nrpf = الحرمان من الأموال العامة
topic-asylum = اللجوء
topic-everyday-borders = الحدود في الحياة اليومية
topic-wellbeing = الرفاه
topic-reading-group = مجموعة قراءة
topic-history = التاريخ
topic-climate = المناخ
topic-media = الإعلام
topic-english = اللغة الإنجليزية
topic-education = التعليم

## Latin words inside a right-to-left line are isolated with these
## (Fluent isolates arguments itself, not text written in a message), so
## "https://t.me/" or "Pashto" cannot reorder the words around them.
-fsi = { "\u2068" }
-pdi = { "\u2069" }

## The opt-out register (issue 33)
problem-held-on-opt-out-register = هذا يطابق مجموعة طلبت ألا تُدرج أبدًا. اقرأ سببها في هذه الصفحة، ولا توافق إلا بعد التحقق وذكر السبب.
problem-no-such-opt-out = لم يعد هذا في السجل أو في قائمة الحظر.
problem-not-a-sender-pattern = «{ $given }» ليس عنوان بريد إلكتروني ولا نطاقًا. اكتب مثلًا ⁨someone@example.org⁩ أو ⁨example.org⁩.
problem-sender-blocked = لا يمكن لهذا العنوان إرسال طلبات إلى هذا الموقع. إن ظننت أن هذا خطأ فاكتب إلى القائمين عليه.
opt-out-held-badge = معلّق: سجل عدم الإدراج
opt-out-box = لا تُدرج هذه المجموعة مرة أخرى أبدًا: طلبت ذلك (بعد تهديد أو مداهمة أو إغلاق)
opt-out-box-hint = لا نحفظ إلا بصمات لاسمها ومدينتها وموقعها وبريدها، لا التفاصيل نفسها. أي تسجيل أو استيراد أو مطالبة لاحقة تطابقها تنتظر مشرفًا، مع السبب أعلاه.
opt-out-held-title = معلّق: طلبت هذه المجموعة ألا تُدرج أبدًا
opt-out-held-reason = طلبت مجموعة بالاسم والمدينة نفسيهما، أو بالموقع أو البريد نفسه، ألا تُدرج أبدًا. سببها:
opt-out-held-hint = لا توافق إلا إذا طلبت المجموعة نفسها أن تُدرج من جديد، أو كانت مجموعة أخرى بوضوح. وإلا فارفضه.
opt-out-release-reason = لماذا يمكن البت فيه (يُحفظ في سجل التدقيق)
opt-out-release = تحققت: يمكن البت فيه
admin-opt-outs = سجل عدم الإدراج
admin-opt-outs-hint = مجموعات طلبت ألا تُدرج أبدًا. لا نحفظ إلا البصمات: لا اسم ولا مكان ولا عنوان. لا تحذف طلبًا إلا إذا طلبت المجموعة أن يمكن إدراجها من جديد.
admin-opt-outs-empty = لا توجد أي مجموعة في السجل.
admin-opt-out-recorded = سُجّل في { $date } بواسطة { $who }؛ البصمات: { $count }
admin-opt-out-remove = احذف من السجل
admin-blocked = المرسلون المحظورون
admin-blocked-hint = تُرفض التسجيلات والموارد والفعاليات والمطالبات من هذه العناوين أو النطاقات.
admin-blocked-empty = لا يوجد عنوان أو نطاق محظور.
admin-blocked-pattern = العنوان أو النطاق
admin-blocked-pattern-hint = ⁨someone@example.org⁩، أو ⁨example.org⁩ للنطاق كله
admin-blocked-add = احظر
admin-blocked-remove = ألغِ الحظر
mod-rejected = رُفض. يُبلَّغ المرسل بالسبب.
mod-rejected-never-again = رُفض، وأصبحت المجموعة في سجل عدم الإدراج: كل ما يطابقها ينتظر كلمة مشرف.
opt-out-released = رُفع التعليق وسببك في سجل التدقيق: وافق أو ارفض كالمعتاد.

# The field only robots fill in (hidden from people and screen readers).
form-leave-empty = اترك هذا الحقل فارغًا
