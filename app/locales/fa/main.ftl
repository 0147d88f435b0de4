# Solidarity Atlas، فارسی.

site-name = اطلس همبستگی
lang-code = fa
site-tagline = گروه‌های عدالت برای مهاجران، کارزارهای دسترسی به درمان و مراکز گزارش‌دهی نزدیک خود را پیدا کنید.
site-tagline-short = گروه‌های عدالت برای مهاجران و کمک در نزدیکی خود را پیدا کنید.
skip-to-content = رفتن به محتوا
language-switcher = زبان
nav-home = خانه

## انواع فهرست‌ها
kind-solidarity_group = گروه همبستگی
kind-pnp_chapter = شاخه کارزار دسترسی به درمان
kind-reporting_centre = مرکز گزارش‌دهی

## صفحه اصلی
home-heading = گروه‌ها و مکان‌ها روی نقشه
home-intro = هر مورد در این فهرست را یک داوطلب ناظر بررسی کرده است. گروه‌ها خودشان انتخاب می‌کنند مکانشان با چه دقتی نشان داده شود.
home-near-heading = گروه‌های نزدیک خود را پیدا کنید
home-near-label = شهر، ناحیهٔ کد پستی یا کد پستی
home-near-placeholder = مثلاً Sheffield یا S1
home-near-submit = جست‌وجو در نزدیکی من
home-near-map = یا نقشه را باز کنید: می‌تواند از موقعیت شما استفاده کند
home-search-heading = جست‌وجو در کتابخانه و فهرست
home-join-heading = گروه خود یا یک منبع را اضافه کنید
home-join-text = یک ناظر داوطلب همه چیز را پیش از انتشار بررسی می‌کند.
home-share = یک منبع را به اشتراک بگذارید
home-kinds-heading = روی نقشه
home-recent-heading = تازه افزوده‌شده
home-all-listings = همهٔ فهرست‌ها
home-resources-heading = تازه‌های کتابخانه
home-all-resources = کل کتابخانه
home-popular-heading = پرخواننده‌ترین‌های این ماه
filter-label = صافی بر اساس نام، نوع یا شهر
filter-placeholder = مثلاً شفیلد
filter-submit = صافی
filter-clear = نمایش همه
listing-count = { $count ->
    [one] { $count } مورد
   *[other] { $count } مورد
}
filter-showing = { $shown } از { $total }
listings-empty = هنوز موردی وجود ندارد.
listings-none-match = چیزی با «{ $query }» مطابقت ندارد. کلمه‌ای کوتاه‌تر یا نام شهری نزدیک را امتحان کنید.
listing-in-town = در { $town }
listing-in-town-region = در { $town }، { $region }

## خطاها
not-found-title = صفحه پیدا نشد
not-found-body = در این نشانی صفحه‌ای وجود ندارد. شاید جابه‌جا شده یا پیوند اشتباه نوشته شده است.
not-found-home = رفتن به صفحه اصلی
error-title = مشکلی پیش آمد

footer-sample-data = موارد نمایش داده شده در این نمونه، داده‌های آزمایشی خیالی هستند.

## ناوبری
nav-listings = راهنما
nav-map = نقشه

## راهنما
listings-title = راهنما
listings-intro = گروه‌ها، شاخه‌های کارزار و مراکز گزارش‌دهی. بگویید کجا هستید تا نزدیک‌ترین‌ها را اول ببینید.
near-label = نزدیک (شهر، منطقه پستی یا کد پستی)
near-placeholder = مثلاً Sheffield، M14 یا SW1A 1AA
near-not-found = «{ $place }» را پیدا نکردیم. نام یک شهر یا منطقه پستی مانند S1 را امتحان کنید.
near-unknown = مکان «{ $place }» را نمی‌شناسیم.
near-did-you-mean = شاید منظورتان این است:
near-everywhere = یا نتایج همه‌جا را نشان بده
near-no-postcodes = فهرست کدهای پستی هنوز در این سایت بارگذاری نشده، پس «{ $place }» پیدا نمی‌شود. به جای آن نام شهرتان را امتحان کنید.
near-showing = نزدیک‌ترین‌ها به { $place } اول.
radius-label = در فاصله
radius-any = هر فاصله‌ای
radius-km = { $km } کیلومتر
kind-label = نوع
kind-any = همه انواع
tag-label = فعالیت
tag-any = هر فعالیتی
lang-label = زبان گفتاری
lang-any = هر زبانی
near-submit = پیدا کن
filters-more = فیلترهای بیشتر
filters-apply = نمایش موارد
filters-reset = پاک کردن صافی‌ها
listings-results = { $count ->
    [0] هیچ موردی مطابقت ندارد.
    [one] { $count } مورد مطابقت دارد.
   *[other] { $count } مورد مطابقت دارند.
}
listings-empty-filtered = هیچ چیز با این صافی‌ها مطابقت ندارد. فاصله را بیشتر کنید یا صافی‌ها را پاک کنید.
distance-km = { $km } کیلومتر فاصله
page-previous = صفحه قبل
page-next = صفحه بعد
page-position = صفحه { $page } از { $pages }
# What the pagination's landmark is called (its own text says which page).
pagination = صفحه‌ها

## یک مورد
listing-where = کجا
listing-precision-exact = با نشانی دقیق نمایش داده می‌شود (یک ساختمان عمومی).
listing-precision-approximate = به انتخاب گروه، تقریبی و در حدود ۱ کیلومتر نمایش داده می‌شود.
listing-precision-area = به انتخاب گروه، فقط شهر نمایش داده می‌شود.
listing-address = نشانی
listing-meets = زمان
listing-accessibility = دسترس‌پذیری
listing-activities = فعالیت‌ها
listing-languages = زبان‌های گفتاری
list-separator = { "، " }
listing-contact = تماس
listing-website = وب‌سایت
listing-email = ایمیل
listing-phone = تلفن
listing-social = شبکه‌های اجتماعی
day-mon = دوشنبه
day-tue = سه‌شنبه
day-wed = چهارشنبه
day-thu = پنجشنبه
day-fri = جمعه
day-sat = شنبه
day-sun = یکشنبه
listing-confirmed = آخرین تأیید فعال بودن: { $date }
listing-on-map = دیدن روی نقشه
listing-help-title = کمک در همین نزدیکی
listing-help-accompany = گروه‌هایی که مردم را برای گزارش‌دهی همراهی می‌کنند، نزدیک‌ترین به { $town } اول
listing-help-groups = همهٔ گروه‌ها تا ۲۵ کیلومتری { $town }
listing-help-guides = راهنماهایی برای کسانی که گزارش می‌دهند: حقوق شما، چه همراه ببرید، چه پیش می‌آید
listing-directions = مسیریابی
listing-directions-app = در برنامهٔ نقشهٔ خودتان
listing-back = بازگشت به راهنما

## نقشه
map-title = نقشه
map-intro = نقشه را جابه‌جا کنید یا بگویید کجا هستید؛ فهرست زیر همراه نقشه تغییر می‌کند.
map-locate = استفاده از موقعیت من
map-locate-note = دکمهٔ «استفاده از موقعیت من» پیش از فرستادن هر چیزی به این سایت، موقعیت شما را در مرورگرتان تا حدود ۵ کیلومتر گرد می‌کند و هرگز آن را در نشانی صفحه نمی‌گذارد.
map-search = جستجو
map-legend = راهنمای نقشه
map-in-view = روی نقشه
map-in-view-count = { $count ->
    [one] { $count } مورد در دید
   *[other] { $count } مورد در دید
}
map-loading = در حال بارگذاری…
map-no-js = نقشه به جاوااسکریپت نیاز دارد. راهنما بدون آن کار می‌کند.
map-picture-alt = نقشهٔ این نما، با یک نقطه یا عدد برای هر فهرست یا گروهی از فهرست‌ها.
map-zoom-in = برای دیدن این موارد بزرگنمایی کنید

## کتابخانه
nav-library = کتابخانه
nav-search = جستجو
library-title = کتابخانه
library-intro = جعبه‌ابزارها، راهنماها، برگه‌های «حقوق خود را بدانید»، نمونه‌نامه‌ها و ضبط‌هایی که جنبش به اشتراک گذاشته است.
library-count = { $count ->
    [0] هیچ منبعی مطابقت ندارد.
    [one] { $count } منبع
   *[other] { $count } منبع
}
library-empty = هنوز منبعی اینجا نیست.
library-by-kind = بر اساس نوع
library-by-topic = بر اساس موضوع
library-by-language = بر اساس زبان
library-all = همه
resource-kind-toolkit = جعبه‌ابزار
resource-kind-guide = راهنما
resource-kind-know-your-rights = حقوق خود را بدانید
resource-kind-template = نمونه‌نامه
resource-kind-recording = ضبط
resource-kind-reading = فهرست مطالعه
resource-kind-other = دیگر
resource-open = باز کردن نسخه اصلی
resource-published = منتشر شده در { $date }
resource-by = از { $publisher }
resource-topics = موضوع‌ها
resource-languages = زبان‌ها
resource-print = چاپ این صفحه
resource-back = بازگشت به کتابخانه
resource-offline = این صفحه روی دستگاه شما ذخیره شد: می‌توانید بدون اتصال دوباره آن را باز کنید.

## جستجو
search-title = جستجو
search-label = جستجو در کتابخانه و راهنما
search-placeholder = مثلاً هزینه بیمارستان، مرکز گزارش‌دهی
search-submit = جستجو
search-results = { $count ->
    [0] نتیجه‌ای نیست.
    [one] { $count } نتیجه
   *[other] { $count } نتیجه
}
search-none = چیزی برای «{ $query }» پیدا نشد. املا را بررسی کنید، کلمات کمتری امتحان کنید یا کتابخانه را ببینید.
search-type-resource = منبع
search-type-listing = گروه یا مکان
search-filter-type = نمایش
search-type-all = همه

## مشارکت
nav-register = گروه خود را ثبت کنید
nav-sign-in = ورود
nav-account = حساب شما
lockdown-banner = برای حفظ امنیت، مکان‌ها و نقشه فعلاً پنهان شده‌اند. کتابخانهٔ منابع همچنان باز است.

## فرم‌ها
form-errors-title = لطفاً این فیلدها را بررسی کنید
form-required = (الزامی)

## ثبت گروه
register-title = گروه خود را ثبت کنید
register-intro = گروه خود را در چند دقیقه روی نقشه بگذارید. حساب لازم نیست: پیوندی برای تأیید برایتان می‌فرستیم و سپس یک ناظر داوطلب آن را پیش از دیده‌شدن بررسی می‌کند.
register-name = نام گروه
register-kind = نوع گروه
register-summary = یک جمله دربارهٔ کاری که می‌کنید
register-summary-hint = در فهرست‌ها و نتایج جست‌وجو نشان داده می‌شود.
register-description = توضیح بیشتر دربارهٔ گروه
register-description-hint = اختیاری. نشانی‌های وبی که اینجا بنویسید پیوند می‌شوند.
register-where = کجا
register-town = شهر، یا بخش اول کد پستی
register-town-hint = مثلاً { -fsi }Rotherham{ -pdi } یا { -fsi }S60{ -pdi }. این نام به‌طور عمومی نشان داده می‌شود.
register-picker = نقشه: برای تعیین جای گروه کلیک کنید
register-picker-hint = یا روی نقشه کلیک کنید تا جای گروه را تعیین کنید. دقت نمایش به انتخاب شما در پایین بستگی دارد.
register-precision = نقشه شما را با چه دقتی نشان دهد؟
register-precision-area = فقط شهر (امن‌ترین: برای بیشتر گروه‌ها توصیه می‌شود)
register-precision-approximate = تقریبی، در حدود ۱ کیلومتر
register-precision-exact = نشانی دقیق (فقط برای ساختمان‌های عمومی، هرگز جایی که مردم زندگی می‌کنند)
register-address = نشانی
register-address-hint = فقط برای ساختمان‌های عمومی که با نشانی دقیق نشان داده می‌شوند.
register-region = منطقه
register-latitude = عرض جغرافیایی
register-latitude-hint = به درجهٔ اعشاری، مثلاً 53.43. برای استفاده از مرکز شهر خالی بگذارید.
register-longitude = طول جغرافیایی
register-meets = هر چیز دیگری دربارهٔ زمان دیدارهایتان
register-meets-hint = اختیاری. مثلاً: در ماه اوت نه، یا «اول تماس بگیرید».
register-meet-legend = دیدار منظم شما
register-meet-hint = اختیاری. اگر در زمان منظمی دور هم جمع می‌شوید، آن را اینجا انتخاب کنید: وقتی یک ناظر گروهتان را تأیید کند، در «برنامه‌ها» نشان داده می‌شود.
register-meet-none = زمان منظمی نداریم
register-meet-day = روز
register-meet-repeat = هر چند وقت
register-meet-weekly = هر هفته
register-meet-fortnightly = یک هفته در میان
register-meet-monthly-1 = اولینِ ماه (مثلاً اولین شنبه)
register-meet-monthly-2 = دومینِ ماه
register-meet-monthly-3 = سومینِ ماه
register-meet-monthly-4 = چهارمینِ ماه
register-meet-monthly-last = آخرینِ ماه
register-languages = زبان‌هایی که در گروه صحبت می‌شود
register-languages-codes = کدهای زبان با ویرگول جدا شوند، مثلاً en, ar, fa.
register-other-languages = زبان‌های دیگر
register-other-languages-hint = زبان‌های دیگر، با نامشان، جدا با ویرگول: مثلاً { -fsi }Pashto{ -pdi }، { -fsi }Somali{ -pdi }.
register-tags = فعالیت‌ها
register-tags-hint = با ویرگول جدا شوند، مثلاً گفت‌وگوی انگلیسی، فوتبال.
register-accessibility = دسترس‌پذیری
register-website = وب‌سایت
register-phone = تلفن
register-phone-hint = شماره‌ای در بریتانیا، مثلاً 0114 496 0000 یا 07700 900123.
register-channels = مردم چگونه به شما بپیوندند
register-channels-hint = همه اختیاری است. هر کدام فقط وقتی در صفحهٔ عمومی‌تان نشان داده می‌شود که زیرش «نمایش عمومی» را تیک بزنید. هرگز شماره‌ای شخصی ندهید که کسی را به خطر بیندازد.
register-show-publicly = نمایش عمومی
register-whatsapp = پیوند دعوت گروه واتس‌اپ
register-whatsapp-hint = در واتس‌اپ: نام گروه › دعوت با پیوند › کپی پیوند. با { -fsi }https://chat.whatsapp.com/{ -pdi } شروع می‌شود
register-signal = پیوند گروه سیگنال
register-signal-hint = در سیگنال: نام گروه › پیوند گروه › اشتراک › کپی. با { -fsi }https://signal.group/{ -pdi } شروع می‌شود
register-telegram = گروه یا کانال تلگرام
register-telegram-hint = پیوند دعوت آن، که با { -fsi }https://t.me/{ -pdi } شروع می‌شود
listing-join-whatsapp = پیوستن به گروه واتس‌اپ
listing-join-signal = پیوستن به گروه سیگنال
listing-join-telegram = پیوستن در تلگرام
problem-not-uk-phone = «{ $given }» شماره تلفن بریتانیا نیست. آن را مانند 0114 496 0000 یا 07700 900123 یا +44 7700 900123 بنویسید.
problem-not-invite-link = «{ $given }» پیوند دعوت { $app ->
        [whatsapp] واتس‌اپ
        [signal] سیگنال
       *[telegram] تلگرام
    } نیست. پیوند را از برنامه کپی کنید: با { $app ->
        [whatsapp] https://chat.whatsapp.com/
        [signal] https://signal.group/
       *[telegram] https://t.me/
    } شروع می‌شود
problem-not-ticked-to-publish = این را داده‌اید اما «نمایش عمومی» زیرش را تیک نزده‌اید. برای نمایش در صفحه‌تان تیک بزنید، یا فیلد را خالی کنید: فقط آنچه صفحه نشان می‌دهد نگه داشته می‌شود.
register-public-email = ایمیل عمومی
register-social = پیوندهای شبکه‌های اجتماعی
register-social-hint = نشانی‌های وب، جدا با ویرگول: پیوند دعوت واتس‌اپ، سیگنال یا تلگرام، یا صفحهٔ فیس‌بوک یا اینستاگرام.
register-contact = چگونه با شما تماس بگیریم
register-contact-email = نشانی ایمیل شما
register-contact-email-hint = پیوند تأیید را به این نشانی می‌فرستیم. به‌طور عمومی نشان داده نمی‌شود مگر اینکه گزینهٔ زیر را انتخاب کنید.
register-show-email = این نشانی را در صفحهٔ گروه به‌طور عمومی نشان بده
register-moderation-note = یک ناظر هر درخواست را پیش از انتشار بررسی می‌کند. هنگام انتشار به شما ایمیل می‌زنیم.
register-submit = ارسال برای بررسی

## اشتراک یک منبع
share-title = اشتراک یک منبع
share-intro = یک جعبه‌ابزار، راهنما، برگهٔ حقوق، الگو یا ضبط را برای کتابخانه پیشنهاد کنید. ابتدا یک ناظر آن را بررسی می‌کند.
share-resource-title = عنوان
share-kind = نوع منبع
share-url = پیوند
share-url-hint = جایی که می‌توان آن را خواند یا دریافت کرد، با { -fsi }https://{ -pdi } آغاز شود
share-body = متن
share-topics = موضوع‌ها
share-publisher = ناشر
share-contact-email-hint = پیوند تأیید را به این نشانی می‌فرستیم. هرگز به‌طور عمومی نشان داده نمی‌شود.
share-submit = ارسال برای بررسی

## پس از فرم
thanks-registered-title = ایمیل خود را ببینید
thanks-registered-body = پیوندی برایتان فرستادیم. ظرف ۴۸ ساعت آن را باز کنید تا گروهتان برای ناظران فرستاده شود. تا تأیید ناظر هیچ چیز عمومی نمی‌شود.
thanks-without-mail-title = سپاس: به دست ما رسید
thanks-without-mail-body = این سایت هنوز ایمیل نمی‌فرستد، پس پیوندی برای باز کردن نیست: یک ناظر داوطلب آنچه فرستادید را پیدا و بررسی می‌کند. تا تأیید ناظر هیچ چیز عمومی نمی‌شود.
event-form-venue-town-hint = یا کد پستی‌اش. بدون نقشه، رویداد در همین شهر نشان داده می‌شود.
mod-archive-title = برداشتن از نقشه
mod-approved-published = تأیید و منتشر شد.
mod-approved-see = ببینید
thanks-shared-title = ایمیل خود را ببینید
thanks-shared-body = پیوندی برایتان فرستادیم. ظرف ۴۸ ساعت آن را باز کنید تا منبع برای ناظران فرستاده شود.
thanks-confirmed-title = سپاس
thanks-confirmed-body = درخواست شما نزد ناظران است. پس از تصمیم آن‌ها به شما ایمیل می‌زنیم.
thanks-sign-in-title = ایمیل خود را ببینید
thanks-sign-in-body = اگر این نشانی به حسابی تعلق داشته باشد، پیوند ورود در راه است. یک بار و به مدت یک ساعت کار می‌کند.
thanks-message-title = پیام فرستاده شد
thanks-message-body = پیام شما را به گروه رساندیم. اگر بتوانند به ایمیل شما پاسخ می‌دهند.
thanks-report-title = از اطلاع شما سپاسگزاریم
thanks-report-body = یک ناظر این صفحه را بررسی می‌کند.
thanks-claim-title = ایمیل خود را ببینید
thanks-claim-body = پیوندی برایتان فرستادیم. ظرف ۴۸ ساعت آن را باز کنید؛ سپس یک ناظر تصمیم می‌گیرد که آیا می‌توانید این صفحه را مدیریت کنید.
thanks-edit-title = تغییرات فرستاده شد
thanks-edit-body = یک ناظر تغییرات شما را بررسی می‌کند. تا آن زمان صفحه همان‌طور که بود می‌ماند.
thanks-deleted-title = حساب شما حذف شد
thanks-deleted-body = حساب شما، صفحه‌هایی که فقط شما مدیریت می‌کردید و هر آنچه برای ما فرستاده بودید حذف شد.
thanks-still-active-title = سپاس
thanks-still-active-body = صفحه به‌عنوان همچنان فعال علامت خورد.

## ورود و پیوندهای ایمیلی
login-title = ورود
login-intro = نشانی ایمیل خود را وارد کنید تا پیوند ورود برایتان بفرستیم. رمز عبور لازم نیست.
login-email = نشانی ایمیل
login-submit = پیوند را برایم بفرست
login-confirm-title = ورود به Solidarity Atlas
login-submit-link = ورود
confirm-title = درخواست خود را تأیید کنید
confirm-submit = تأیید و ارسال برای ناظران
still-active-title = آیا گروه هنوز فعال است؟
still-active-submit = بله، هنوز فعالیم

## حساب شما
account-title = حساب شما
account-signed-in-as = با نشانی { $email } وارد شده‌اید
account-moderate = رفتن به صف نظارت
account-listings = صفحه‌هایی که مدیریت می‌کنید
account-no-listings = هنوز هیچ صفحه‌ای را مدیریت نمی‌کنید.
account-view = دیدن
account-edit = ویرایش
account-submissions = آنچه فرستاده‌اید
account-no-submissions = هنوز چیزی نیست.
account-your-data = داده‌های شما
account-export = دریافت همهٔ داده‌هایی که از شما داریم ({ -fsi }JSON{ -pdi })
account-delete-confirm = می‌دانم که این کار حساب من، صفحه‌هایی که فقط من مدیریت می‌کنم و هر آنچه فرستاده‌ام را حذف می‌کند
account-delete = حذف حساب من
account-sign-out = خروج
status-unconfirmed = در انتظار پیوند ایمیل
status-pending = در انتظار ناظر
status-approved = تأیید شد
status-rejected = تأیید نشد
status-published = منتشرشده
status-archived = بایگانی‌شده
edit-title = ویرایش صفحه
edit-intro = تغییرات شما نزد یک ناظر می‌رود. تا تأیید آن، صفحه همان‌طور می‌ماند.
edit-not-yours = فقط صفحه‌هایی را که مدیریت می‌کنید می‌توانید ویرایش کنید.
edit-submit = ارسال تغییرات برای بررسی

## تماس، گزارش، درخواست مدیریت
listing-back-to-listing = بازگشت به صفحه
contact-title = پیام به { $name }
contact-intro = پیام شما را با ایمیل می‌رسانیم. نشانی گروه به شما نشان داده نمی‌شود؛ نشانی شما به آن‌ها نشان داده می‌شود تا بتوانند پاسخ دهند.
contact-your-name = نام شما
contact-your-email = نشانی ایمیل شما
contact-your-email-hint = گروه به این نشانی پاسخ می‌دهد.
contact-message = پیام شما
contact-submit = ارسال پیام
report-title = گزارش مشکل در { $name }
report-intro = به ناظران بگویید چه چیزی نادرست است. لازم نیست نام خود را بگویید.
report-category = مشکل چیست؟
report-category-wrong = اطلاعات نادرست است
report-category-closed = گروه بسته شده است
report-category-unsafe = این صفحه افراد را در خطر می‌گذارد
report-category-duplicate = دو بار آمده است
report-message = جزئیات
report-message-hint = اختیاری.
report-submit = ارسال گزارش
claim-title = مدیریت { $name }
claim-intro = آیا عضو این گروه هستید؟ درخواست کنید صفحهٔ آن را مدیریت کنید تا به‌روز بماند. ناظر تصمیم می‌گیرد.
claim-email-hint = پیوند تأیید را به این نشانی می‌فرستیم. به‌طور عمومی نشان داده نمی‌شود.
claim-message = چه ارتباطی با گروه دارید؟
claim-message-hint = این به ناظر در تصمیم‌گیری کمک می‌کند.
claim-submit = درخواست مدیریت این صفحه
listing-contact-form = برایشان پیام بفرستید
listing-report = گزارش مشکل
listing-claim = این گروه شماست؟
listing-may-be-inactive = این گروه بیش از ۱۵ ماه است که فعال‌بودن خود را تأیید نکرده است.

## Dates
date-format = { $day } { $month } { $year }
month-1 = ژانویه
month-2 = فوریه
month-3 = مارس
month-4 = آوریل
month-5 = مه
month-6 = ژوئن
month-7 = ژوئیه
month-8 = اوت
month-9 = سپتامبر
month-10 = اکتبر
month-11 = نوامبر
month-12 = دسامبر
map-zoom-in-button = بزرگ‌نمایی
map-zoom-out-button = کوچک‌نمایی


## Moderation and admin pages
mod-published = تاریخ انتشار (YYYY-MM-DD)
mod-nav = نظارت
mod-queue = صف
mod-log = گزارش رویدادها
mod-admin = مدیریت
mod-queue-title = صف نظارت
mod-filter-all = همه
mod-filter-listings = صفحه‌ها
mod-filter-resources = منابع
mod-waiting = در انتظار تصمیم ({ $count })
mod-nothing-waiting = چیزی در انتظار نیست. سپاس.
mod-col-sent = فرستاده
mod-col-what = چه
mod-col-name = نام
mod-what-create-listing = صفحهٔ تازه
mod-what-edit-listing = تغییر در یک صفحه
mod-what-claim-listing = درخواست مدیریت یک صفحه
mod-what-create-resource = منبع تازه
mod-what-edit-resource = تغییر در یک منبع
mod-what-claim-resource = درخواست مدیریت یک منبع
mod-reports = گزارش‌ها ({ $count })
mod-no-reports = هیچ گزارش بررسی‌نشده‌ای نیست.
mod-note = یادداشت
mod-close-report = بستن گزارش
mod-submission-title = درخواست
mod-status = وضعیت:
mod-sent-by = فرستاده‌شده در { $date } از سوی { $email }
mod-region = منطقهٔ { $region }
mod-reason-given = دلیل گفته‌شده:
mod-duplicates = تکرارهای احتمالی
mod-listing-archived = این فهرست بایگانی شده است. تأیید این تغییر آن را بایگانی نگه می‌دارد: از دید عموم پنهان می‌ماند.
mod-km-away = در حدود { $km } کیلومتری
mod-what-changes = چه چیزی تغییر می‌کند
mod-col-field = فیلد
mod-col-now = اکنون
mod-col-proposed = پیشنهادی
mod-approve = تأیید
mod-correct-hint = می‌توانید پیش از تأیید، اطلاعات را اصلاح کنید.
mod-approve-submit = تأیید و انتشار
mod-reject = رد
mod-reject-reason = دلیل (برای فرستنده فرستاده می‌شود)
mod-history-title = تاریخچهٔ صفحه
mod-public-page = صفحهٔ عمومی
mod-archive-reason = چرا بایگانی شود؟
mod-archive-submit = بایگانی (برداشتن از نقشه)
mod-correct-title = اصلاح این فهرست
mod-correct-listing-hint = آنچه نادرست است را تغییر دهید و بگویید چرا: فهرست بی‌درنگ تغییر می‌کند، با یک نسخه و یک خط در گزارش.
mod-correct-reason = چه چیزی نادرست بود
mod-correct-reason-hint = مثلاً: «مکان نادرست بود، گروه گزارش داد». در گزارش نگه داشته می‌شود.
mod-correct-submit = ذخیرهٔ اصلاح
mod-correct-from-report = اصلاح فهرست
mod-revisions = نسخه‌ها ({ $count })
mod-record = اطلاعات
mod-log-empty = هنوز چیزی رخ نداده است.
mod-col-when = کی
mod-col-who = چه کسی
mod-col-on = روی
mod-col-why = چرا
mod-pages = صفحه‌ها
mod-next = صفحهٔ بعد
mod-previous = صفحهٔ قبل
mod-newer = تازه‌تر
mod-older = قدیمی‌تر
admin-lockdown = قرنطینهٔ ایمنی
admin-lockdown-on = قرنطینهٔ ایمنی فعال است: هیچ مکان، نقشه یا صفحه‌ای به عموم نشان داده نمی‌شود. کتابخانه باز می‌ماند.
admin-lockdown-off = قرنطینهٔ ایمنی خاموش است. آن را روشن کنید تا همهٔ مکان‌ها و نقشه یک‌باره از دید عموم پنهان شوند، مثلاً هنگام بسیج راست افراطی.
admin-reason = دلیل (در گزارش رویدادها نگه داشته می‌شود)
admin-lockdown-end = پایان قرنطینه
admin-lockdown-start = آغاز قرنطینه
admin-outbox = صندوق خروجی
admin-outbox-hint = همهٔ ایمیل‌هایی که سایت فرستاده، تازه‌ترین نخست. بدون سرور SMTP (ATLAS_SMTP_URL)، نامه‌ها اینجا منتظر خوانده‌شدن می‌مانند.
problem-no-mail-server = این سایت هنوز سرور ایمیل ندارد. ATLAS_SMTP_URL را تنظیم و سایت را دوباره راه‌اندازی کنید؛ آن‌گاه ایمیل‌های منتظر اینجا فرستاده می‌شوند.
problem-no-such-mail = چنین پیامی در صندوق خروجی نیست.
problem-mail-not-delivered = سرور ایمیل آن را نپذیرفت: { $reason }. در صندوق خروجی می‌ماند و هر ساعت دوباره امتحان می‌شود.
admin-send-now = اکنون بفرست
admin-send-again = دوباره بفرست (پیوندهایش هنگام فرستادن بریده شدند)
admin-mail-failed = آخرین تلاش ناموفق بود:
admin-no-mail = هنوز نامه‌ای نیست.
admin-sent = فرستاده شد
admin-not-sent = فرستاده نشد

## ایمیل‌ها
mail-confirm-subject = لطفاً درخواست خود به Solidarity Atlas را تأیید کنید
mail-confirm-body =
    سلام،

    کسی (امیدواریم شما) درخواستی را با این نشانی به Solidarity Atlas فرستاده است.

    برای فرستادن آن به ناظران، این پیوند را ظرف ۴۸ ساعت باز کنید:

    { $link }

    اگر شما نبودید، این پیام را نادیده بگیرید؛ چیزی منتشر نمی‌شود.
mail-approved-subject = درخواست شما به Solidarity Atlas تأیید شد
mail-approved-body =
    سلام،

    «{ $title }» را یک ناظر تأیید کرد و اکنون در Solidarity Atlas است.

    سپاس.
mail-rejected-subject = درخواست شما به Solidarity Atlas
mail-rejected-body =
    سلام،

    یک ناظر «{ $title }» را برای Solidarity Atlas تأیید نکرد.

    دلیل: { $reason }

    می‌توانید دوباره بفرستید.
mail-sign-in-subject = پیوند ورود شما به Solidarity Atlas
mail-sign-in-body =
    سلام،

    برای ورود به Solidarity Atlas، این پیوند را ظرف یک ساعت باز کنید:

    { $link }

    اگر آن را نخواسته‌اید، این پیام را نادیده بگیرید؛ کسی بدون این پیوند نمی‌تواند وارد شود.

## People (admin page)
admin-people = افراد
admin-people-email = نشانی ایمیل
admin-people-role = نقش
admin-people-regions = منطقه‌ها
admin-people-regions-hint = برای ناظران: منطقه‌هایی که بر آن‌ها نظارت می‌کنند، با ویرگول جدا. خالی یعنی همه‌جا.
admin-people-submit = ذخیره
role-admin = مدیر
role-moderator = ناظر
role-organiser = سازمان‌دهنده
mail-reminder-subject = آیا { $name } هنوز فعال است؟
mail-reminder-body =
    سلام،

    «{ $name }» یک سال است که بدون به‌روزرسانی در Solidarity Atlas است. اگر گروه هنوز فعال است، این پیوند را باز کنید و دکمه را بزنید:

    { $link }

    در غیر این صورت، سه ماه دیگر صفحه با عنوان «شاید دیگر فعال نباشد» نشان داده می‌شود.
mail-relay-subject = پیامی برای { $group } از طریق Solidarity Atlas
mail-relay-body =
    { $name } <{ $email }> این پیام را از طریق Solidarity Atlas برای «{ $group }» فرستاده است. برای پاسخ به این ایمیل جواب دهید. نشانی شما به او نشان داده نشده است.

    ----
    { $message }

## Problems
problem-required = پر کردن این بخش لازم است.
problem-too-long = این متن { $given } نویسه است؛ حداکثر { $max } نویسه مجاز است.
problem-too-many-entries = این بخش { $given } مورد دارد؛ حداکثر { $max } مورد مجاز است.
problem-entry-too-long = «{ $entry }» خیلی بلند است: هر مورد حداکثر { $max } نویسه است.
problem-language-code = «{ $entry }» زبانی نیست که بشناسیم. نامش را به انگلیسی (مثل { -fsi }Pashto{ -pdi }) یا کد دوحرفی‌اش (مثل { -fsi }ps{ -pdi }) بنویسید.
problem-language-needed = دست‌کم یک زبان بنویسید، مانند fa.
problem-not-web-link = «{ $given }» نشانی وب نیست. باید با { -fsi }https://{ -pdi } شروع شود.
problem-slug-length = نام نشانی باید ۱ تا { $max } نویسه باشد.
problem-slug-characters = «{ $given }» فقط می‌تواند a-z، 0-9 و خط تیره‌های تکی داشته باشد، نه در آغاز یا پایان (مانند sheffield-walking-group).
problem-unknown-kind = «{ $given }» یکی از این گونه‌ها نیست: { $known }.
problem-unknown-precision = «{ $given }» یکی از این درجه‌های دقت نیست: { $known }.
problem-unknown-choice = «{ $given }» یکی از این گزینه‌ها نیست: { $known }.
problem-unknown-time-zone = «{ $given }» منطقهٔ زمانی شناخته‌شده‌ای نیست؛ آن را مانند Europe/London بنویسید.
problem-not-local-time = «{ $given }» تاریخ و ساعت نیست؛ آن را مانند 2027-03-04T18:30 بنویسید (یا 2027-03-04 برای تمام روز).
problem-end-before-start = پایان باید بعد از شروع باشد.
problem-event-too-long = هر بار حداکثر { $max } روز می‌تواند طول بکشد؛ برای بیشتر، رویداد تکرارشونده بیفزایید.
problem-bad-recurrence = «{ $given }» قاعدهٔ تکراری نیست که بفهمیم؛ آن را مانند FREQ=WEEKLY;BYDAY=TU بنویسید.
problem-repeats-too-often = یک رویداد حداکثر روزی یک بار تکرار می‌شود: روزانه، هفتگی، ماهانه یا سالانه را انتخاب کنید (حداکثر ۱۰۰۰ بار) و ساعت را در شروع بنویسید.
problem-date-out-of-range = «{ $given }» بیش از حد در گذشته یا آینده است؛ تاریخی از { $first } تا { $last } بنویسید.
problem-online-needs-link = رویداد آنلاین به پیوندش نیاز دارد ({ -fsi }https://…{ -pdi }).
problem-venue-needs-place = رویداد در مکان خودش به شهر و نقطهٔ آن مکان نیاز دارد.
problem-exact-venue-must-be-public = مکان فقط وقتی دقیق نشان داده می‌شود که ساختمانی عمومی باشد. هرگز نشانی هتل یا خوابگاهی را که مردم در آن اسکان داده شده‌اند ننویسید.
problem-coordinates-out-of-range = عرض جغرافیایی باید بین -90 و 90 و طول جغرافیایی بین -180 و 180 باشد.
problem-coordinates-incomplete = عرض و طول جغرافیایی را با هم بدهید، یا هیچ‌کدام را.
problem-not-a-number = «{ $given }» عددی مانند 53.38 نیست.
problem-address-needs-exact = نشانی فقط برای ساختمان‌های عمومی که با نشانی دقیق نشان داده می‌شوند نگه داشته می‌شود. آن را پاک کنید یا نشانی دقیق را برگزینید.
problem-nested-too-deep = در این متن نقل‌قول، فهرست یا پرانتز تا { $depth } لایه تو در تو است؛ حداکثر { $max } لایه مجاز است.
problem-not-email = «{ $given }» نشانی ایمیل نیست.
problem-not-phone = «{ $given }» شماره تلفن نیست (فقط رقم، فاصله و + - ( )).
problem-not-date = «{ $given }» تاریخی مانند 2026-01-31 نیست.
problem-too-many-meetings = این بخش { $given } جلسه در هفته دارد؛ حداکثر { $max } مجاز است.
problem-bad-meeting = { $day } { $start }–{ $end }: یک روز (mon … sun) و ساعت‌هایی مانند 18:00 بنویسید، با آغاز پیش از پایان.
problem-hidden-character = این متن یک نویسهٔ نامرئی ({ $code_point }) دارد که نمایش متن را تغییر می‌دهد. لطفاً آن را دوباره و بدون این نویسه بنویسید.
problem-place-not-found = { $count ->
        [0] «{ $place }» را پیدا نکردیم. یک شهر نزدیک یا نیمهٔ اول کد پستی (مانند S1) را امتحان کنید.
       *[other] «{ $place }» را پیدا نکردیم. شاید منظورتان این است: { $suggestions }؟
    }
problem-not-for-this-kind = این یک ساختمان عمومی است، نه یک گروه: کسی آنجا به پیام‌ها پاسخ نمی‌دهد، نمی‌توان آن را ادعا کرد و رویدادی برایش فهرست نمی‌شود. صفحهٔ آن به گروه‌های نزدیکی پیوند می‌دهد که می‌توانند کمک کنند.
problem-point-far-from-town = نقطهٔ روی نقشه { $km } کیلومتر با { $town } فاصله دارد، بیشتر از { $max } کیلومتر. سنجاق را به { $town } ببرید، یا شهر را به جایی که گروه دور هم جمع می‌شود تغییر دهید.
problem-outside-coverage = این نقطه بیرون از بریتانیا و ایرلند است، جایی که این نقشه پوشش می‌دهد.
problem-contact-email = نشانی ایمیلی بنویسید که بتوانیم پیوند تأیید را به آن بفرستیم، مانند name@example.org.
problem-your-email = نشانی ایمیل خود را بنویسید، مانند name@example.org.
problem-reply-email = نشانی ایمیل خود را بنویسید تا گروه بتواند پاسخ دهد.
problem-person-email = نشانی ایمیل آن شخص را بنویسید، مانند name@example.org.
problem-message-length = بین ۱۰ تا ۵۰۰۰ نویسه بنویسید.
problem-confirm-delete = برای تأیید این‌که می‌خواهید همه چیز پاک شود، کادر را علامت بزنید.
problem-reason-for-audit = دلیل را برای گزارش بازبینی بنویسید.
problem-reason-for-sender = دلیل را بنویسید تا فرستنده بتواند آن را درست کند.
problem-report-category = برگزینید چه چیزی در این فهرست‌شده نادرست است.
problem-choose-role = ⁨admin⁩، ⁨moderator⁩، ⁨translator⁩ یا ⁨organiser⁩ را برگزینید.
problem-on-or-off = روشن یا خاموش را برگزینید.
problem-too-fast = این خیلی سریع فرستاده شد. اگر مرورگرتان فرم را برایتان پر کرده، اشکالی ندارد: آنچه را پر کرده بررسی کنید و دوباره بفرستید.
problem-form-too-old = این فرم بیش از یک روز پیش باز شده است. لطفاً نوشته‌تان را بررسی کنید و دوباره بفرستید.
problem-form-already-sent = این فرم یک بار فرستاده شده است. برای فرستادن دوباره، نوشته‌تان را در پایین بررسی کنید و بفرستید.
problem-record-unreadable = این رکورد خوانده نمی‌شود. لطفاً به مدیران سایت خبر دهید.
problem-no-such-page = در این نشانی صفحه‌ای وجود ندارد. شاید جابه‌جا شده یا پیوند اشتباه نوشته شده است.
problem-no-such-listing = چنین موردی در فهرست نیست.
problem-no-such-submission = چنین درخواستی وجود ندارد.
problem-no-such-report = این گزارش بسته شده یا وجود ندارد.
problem-no-reply-address = این گروه نشانی‌ای برای پیام‌ها نداده است.
problem-link-expired = این پیوند منقضی شده یا پیش‌تر به کار رفته است. اگر لازم است فرم را دوباره بفرستید.
problem-sign-in-link-expired = این پیوند ورود منقضی شده یا پیش‌تر به کار رفته است. پیوند تازه‌ای بخواهید.
problem-submission-gone = این درخواست دیگر وجود ندارد.
problem-not-your-listing = فقط موردهایی را می‌توانید ویرایش کنید که مسئولشان هستید.
problem-outside-your-regions = این مورد در منطقه‌ای است، یا خواهد بود، که شما ناظر آن نیستید.
problem-admins-only = فقط مدیران می‌توانند این کار را بکنند.
problem-only-admin = شما تنها مدیر هستید. نخست کس دیگری را مدیر کنید.
problem-decided-meanwhile = در این میان کس دیگری دربارهٔ این تصمیم گرفت.
problem-slug-taken = موردی به نام { $slug } از پیش وجود دارد.
problem-not-waiting = این مورد در انتظار تصمیم نیست.
problem-too-many-mails-to-address = در ساعت گذشته چند پیام به این نشانی فرستاده‌ایم. لطفاً یک ساعت صبر کنید و دوباره امتحان کنید.
problem-too-many-posts = در ساعت گذشته فرم‌های بسیاری از اتصال شما فرستاده شده است. لطفاً بعداً دوباره امتحان کنید.
problem-not-a-form = این را به‌صورت فرم HTML بفرستید.
problem-form-too-large = این فرم بسیار بلندتر از آن است که هر بخشی اجازه می‌دهد. متن را کوتاه کنید و دوباره بفرستید.
problem-too-many-fields = این فرم بخش‌های بسیار بیشتری از فرم‌های ما دارد. صفحه را دوباره بارگیری کنید و دوباره بفرستید.
problem-form-expired = برای امنیت شما این فرم را نپذیرفتیم: قدیمی است یا از سایت دیگری آمده است. برگردید، صفحه را دوباره بارگیری کنید و دوباره بفرستید.
problem-sign-in-first = نخست وارد شوید، سپس دوباره امتحان کنید.
problem-not-allowed-here = حساب شما به این بخش دسترسی نمی‌دهد.
problem-sign-in-unavailable = اکنون نمی‌توانیم ورود شما را بررسی کنیم. لطفاً یک دقیقهٔ دیگر دوباره امتحان کنید.
problem-not-saved = اکنون نتوانستیم این را ذخیره کنیم. چیزی از سوی شما از دست نرفته است: برگردید و یک دقیقهٔ دیگر دوباره بفرستید.

## Refusal pages
refusal-check-form = لطفاً فرم را بررسی کنید
refusal-not-allowed = مجاز نیست
refusal-not-found = پیدا نشد
refusal-already-done = پیش‌تر انجام شده است
refusal-link-gone = این پیوند دیگر کار نمی‌کند
refusal-wait = لطفاً صبر کنید
refusal-try-again = لطفاً دوباره امتحان کنید
refusal-sign-in = لطفاً وارد شوید
refusal-form-expired = این فرم منقضی شده است
refusal-back-home = بازگشت به اطلس همبستگی
problem-fault = این خطا از طرف ماست، نه شما. لطفاً چند دقیقه دیگر دوباره امتحان کنید.

## Link previews
preview-directory = همهٔ گروه‌ها، شاخه‌های کارزار و مراکز گزارش‌دهی در فهرست، نزدیک‌ترین‌ها نخست وقتی شهر یا کد پستی را بنویسید.
preview-map = نقشهٔ گروه‌های عدالت برای مهاجران، کارزارهای دسترسی به درمان و مراکز گزارش‌دهی در بریتانیا و ایرلند.
preview-library = جعبه‌ابزارها، راهنماها، برگه‌های «حقوقت را بدان» و نمونه‌ها از جنبش، به چند زبان.
preview-search = در گروه‌ها و کتابخانهٔ جعبه‌ابزارها و راهنماها جست‌وجو کنید.
preview-register = گروهتان را روی نقشه بگذارید. یک ناظر هر مورد را پیش از نمایش بررسی می‌کند و شما انتخاب می‌کنید جای آن چقدر دقیق نشان داده شود.
preview-share = یک جعبه‌ابزار، راهنما یا برگهٔ «حقوقت را بدان» را با جنبش به اشتراک بگذارید.
preview-listing = { $kind } در { $town }.

# What's on
nav-events = رویدادها
events-title = رویدادها
events-intro = فعالیت‌ها، جلسه‌ها، آموزش‌ها و جشنواره‌های گروه‌های فهرست. همه رایگان‌اند مگر خلافش نوشته شده باشد.
preview-events = فعالیت‌های هفتگی، آموزش‌ها، وبینارها و جشنواره‌های نزدیک شما، از گروه‌های همبستگی محلی.
events-today = امروز
events-this-week = این هفته
events-later = بعدتر
events-empty = برای این تاریخ‌ها و فیلترها چیزی پیدا نشد. فاصلهٔ بیشتر یا فیلترهای کمتری را امتحان کنید.
events-radius = فاصله
event-distance = { $km } کیلومتر
events-category = نوع رویداد
events-any-category = هر نوع
events-language = زبان
events-any-language = هر زبان
events-only = فقط نشان بده
events-online-only = آنلاین
events-in-person-only = حضوری
events-free = رایگان
events-step-free = ورود بدون پله
events-women = برای زنان
events-filter-submit = نمایش رویدادها
events-subscribe = اشتراک در تقویم شما
events-download = دریافت (.ics)
events-near-heading = رویدادهای نزدیک { $place }، زودترین اول
events-within = در شعاع { $km } کیلومتری { $place }
events-within-online = در شعاع { $km } کیلومتری { $place }، و رویدادهای آنلاین
events-change-radius = تغییر
events-feed-intro = تقویم شما می‌تواند این فهرست را، با فیلترهایی که انتخاب کرده‌اید، دنبال کند و تاریخ‌های تازه را خودش نشان دهد. این نشانی را در آن کپی کنید:
events-feed-address = نشانی تقویم
events-feed-google = تقویم Google: در رایانه، calendar.google.com را باز کنید، سپس «تقویم‌های دیگر» ← «+» ← «از نشانی اینترنتی»، نشانی را جای‌گذاری کنید و «افزودن تقویم» را بزنید.
events-feed-android = گوشی Android: آن را مانند بالا به تقویم Google اضافه کنید؛ سپس در تقویم گوشی دیده می‌شود (خود برنامه نمی‌تواند نشانی اضافه کند).
events-feed-apple = تقویم Apple (iPhone، iPad، Mac): روی پیوند زیر بزنید، یا به تنظیمات ← تقویم ← حساب‌ها ← افزودن حساب ← غیره ← افزودن تقویم مشترک بروید و نشانی را جای‌گذاری کنید.
events-feed-outlook = Outlook: «افزودن تقویم» ← «اشتراک از وب»، نشانی را جای‌گذاری کنید؛ یا از پیوند زیر استفاده کنید.
events-feed-open = باز کردن در تقویم Apple یا Outlook
events-download-once = (یک‌بار: همین تاریخ‌ها، بدون به‌روزرسانی)
copy-button = کپی
copy-done = کپی شد
copy-selected = انتخاب شد: با منوی گوشی‌تان کپی کنید
events-more = تاریخ‌های بعدی
event-all-day = تمام روز
event-time-range = { $start }–{ $end }
event-date-time = { $date }، { $time }
event-status-cancelled = لغو شد
event-status-postponed = به تعویق افتاد
event-status-moved-online = آنلاین شد
event-online = آنلاین
event-hybrid = حضوری و آنلاین
event-back = → رویدادها
event-next-dates = تاریخ‌های بعدی
event-no-dates = تاریخی در پیش نیست.
event-add-to-calendar = افزودن به تقویم
event-where = کجا
event-online-link = پیوستن آنلاین
event-organised-by = برگزارکننده
event-cost = هزینه
event-cost-free = رایگان
event-cost-donation = کمک مالی در صورت توان
event-cost-price = هزینه دارد
event-audience = برای چه کسانی
event-how-to-join = چگونه بپیوندید
event-join-turn-up = فقط بیایید.
event-join-register = اول ثبت‌نام کنید: از فرم تماس گروه استفاده کنید.
event-join-link = ثبت‌نام در صفحهٔ برگزارکننده
listing-next-dates = تاریخ‌های بعدی
listing-no-dates = هنوز تاریخی ثبت نشده است.
listing-all-dates = همهٔ تاریخ‌ها
home-whats-on-heading = رویدادهای نزدیک
home-all-events = همهٔ رویدادها
event-category-regular_activity = فعالیت منظم
event-category-meeting = جلسه
event-category-training = آموزش / حقوق خود را بشناسید
event-category-webinar = وبینار
event-category-action = اقدام
event-category-festival = جشنواره
event-category-summit = همایش
event-category-reading_group = گروه کتاب‌خوانی
event-category-drop_in = دیدار آزاد
access-step-free = بدون پله
access-hearing-loop = حلقهٔ شنوایی
access-interpreter = مترجم
access-bsl-or-captions = زبان اشاره یا زیرنویس
access-childcare = نگهداری از کودک
access-quiet-room = اتاق آرام
audience-everyone = همه
audience-women = زنان
audience-lived-experience = افراد با تجربهٔ زیسته
audience-workers = کارگران
audience-young-people = جوانان
events-unavailable = اکنون نمی‌توان تاریخ‌ها را نشان داد؛ کمی بعد دوباره امتحان کنید.
account-add-event = افزودن رویداد
event-form-no = نه
event-form-yes = بله
event-repeat-none = تکرار نمی‌شود
event-repeat-weekly = هر هفته در همین روز
event-repeat-fortnightly = یک هفته در میان در همین روز
event-repeat-monthly = هر ماه در همین روز هفته (مثلاً سه‌شنبهٔ دوم)
event-repeat-monthly_last = هر ماه در آخرین همین روز هفته
event-place-listing = در محل گروه (همان‌طور که نقشه نشان می‌دهد)
event-place-venue = در مکان عمومی دیگری
event-place-online = فقط آنلاین
event-form-title = عنوان رویداد
event-form-summary = یک خط دربارهٔ آن
event-form-description = توضیح بیشتر
event-form-languages = زبان‌های گفت‌وگو
event-form-languages-hint = کدها با ویرگول، مثلاً en, ar, fa
event-form-when = کی
event-form-date = تاریخ (اولین تاریخ، اگر تکرار می‌شود)
event-form-start = شروع
event-form-end = پایان
event-form-end-date = آخرین روز (رویدادهای تمام‌روز)
event-form-end-date-hint = برای یک روز خالی بگذارید.
event-form-repeat = تکرار
event-form-until = تکرار تا (اختیاری)
event-form-rrule = الگوی دیگر (برای کارشناسان تقویم)
event-form-rrule-hint = فقط اگر هیچ‌کدام از گزینه‌های بالا مناسب نیست. همان‌طور که در فایل‌های تقویم نوشته می‌شود: FREQ=MONTHLY;BYDAY=-1TH یعنی آخرین پنجشنبهٔ هر ماه.
event-form-safety = هرگز مکان هتل، خوابگاه یا خانه‌ای را که مردم در آن اسکان داده شده‌اند ننویسید: رویدادهای آنجا نباید عمومی باشند. مکان فقط وقتی دقیق نشان داده می‌شود که ساختمانی عمومی باشد (کتابخانه، سالن، عبادتگاه).
event-form-place = کجا برگزار می‌شود
event-form-online-url = پیوند آنلاین ({ -fsi }https://…{ -pdi })
event-form-venue-name = نام مکان
event-form-venue-town = شهر مکان
event-form-public-building = مکان ساختمانی عمومی است
event-form-price = هزینه (اگر دارد)
event-form-access-notes = هر چیز دیگری دربارهٔ دسترسی
event-form-join-url = پیوند ثبت‌نام (اگر ثبت‌نام در صفحهٔ شماست)
event-form-new-title = افزودن رویداد
event-form-intro = یک ناظر رویدادهای تازه را پیش از انتشار بررسی می‌کند. تاریخ‌ها به وقت بریتانیاست.
event-form-submit = فرستادن برای ناظران
event-form-edit-title = رویداد شما
event-form-change-heading = تغییر رویداد
event-form-edit-intro = یک ناظر تغییرات را بررسی می‌کند؛ تا آن زمان رویداد همان‌طور که بود می‌ماند.
event-form-cancel-heading = لغو، تعویق یا آنلاین کردن یک تاریخ
event-form-cancel-intro = لغو، تعویق یا آنلاین کردن یک تاریخ بی‌درنگ منتشر می‌شود.
event-form-cancel-date = لغو این تاریخ
mod-what-create-event = رویداد تازه
mod-what-edit-event = تغییرات یک رویداد
mod-event-safety = مکان را بررسی کنید: هیچ رویدادی در هتل، خوابگاه یا خانه‌ای که مردم در آن اسکان دارند نباید عمومی باشد، و فقط ساختمان عمومی دقیق نشان داده می‌شود.
thanks-event-title = رویداد فرستاده شد
thanks-event-body = یک ناظر آن را بررسی می‌کند. وقتی تصمیم گرفت به شما ایمیل می‌زنیم.
thanks-cancelled-title = تاریخ لغو شد
thanks-cancelled-body = این تاریخ همه‌جا لغوشده نشان داده می‌شود، از جمله در تقویم‌های مشترک.
event-suggest-link = پیشنهاد رویداد
event-suggest-title = پیشنهاد رویداد برای { $name }
event-suggest-intro = دربارهٔ رویدادی از این گروه به ما بگویید. پیوندی برایتان می‌فرستیم؛ پس از باز کردن آن، یک ناظر رویداد را پیش از انتشار بررسی می‌کند.
event-suggest-email-hint = فقط ناظران آن را می‌بینند؛ پیوند را به اینجا می‌فرستیم.
thanks-suggested-title = ایمیل خود را ببینید
thanks-suggested-body = پیوندی برایتان فرستادیم. آن را ظرف ۴۸ ساعت باز کنید تا رویداد برای ناظران فرستاده شود.

## دنبال کردن تقویم گروه
account-calendar = تقویم‌تان را دنبال کنید
calendar-title = دنبال کردن تقویم گروه شما
calendar-intro = اگر گروه شما از پیش تقویمی دارد (تقویم Google، Nextcloud، Outlook، افزونهٔ رویدادهای WordPress)، نشانی عمومی iCalendar آن را به ما بدهید. هر ساعت آن را می‌خوانیم و رویدادهای شما را اینجا با آن هماهنگ نگه می‌داریم. پیش از نمایش هر چیزی، یک ناظر نخستین خوانش را بررسی می‌کند.
calendar-start = نشانی تقویم
calendar-change = تغییر نشانی
calendar-url = نشانی تقویم (iCalendar، ‎.ics)
calendar-url-hint = در تقویم Google: تنظیمات، تقویم شما، «نشانی عمومی در قالب iCal». با https://‎ شروع می‌شود. نشانی تازه دوباره به ناظر نشان داده می‌شود.
calendar-public-venues = مکان‌های این تقویم ساختمان‌های عمومی‌اند: نشانی‌شان را نشان بده
calendar-public-venues-hint = این را علامت نزنید مگر اینکه همهٔ مکان‌ها ساختمان عمومی باشند، مثل کتابخانه یا مرکز محله. بدون آن، هر نشانی و نقطهٔ نقشه را از تقویم حذف می‌کنیم و مکان گروه شما را با همان دقتی که فهرست‌تان نشان می‌دهد به کار می‌بریم. هرگز هتل یا خوابگاهی را که مردم در آن اسکان داده شده‌اند ننویسید.
calendar-submit = این تقویم را دنبال کن
calendar-status = تقویمی که دنبال می‌کنیم
calendar-state-in_review = در انتظار ناظر: هنوز چیزی از آن نشان داده نمی‌شود.
calendar-state-following = دنبال می‌شود: تغییراتش تا یک ساعت اینجا دیده می‌شود.
calendar-state-refused = یک ناظر آن را رد کرد: چیزی از آن نشان داده نمی‌شود. برای فرستادن دوباره نشانی را تغییر دهید.
calendar-events = { $count ->
    [0] هیچ رویدادی از آن خوانده نشده.
   *[other] { $count } رویداد از آن خوانده شده.
}
calendar-read-at = آخرین نسخهٔ سالم: { $date }
calendar-never-read = هنوز خوانده نشده.
calendar-checked-at = آخرین بررسی: { $date }
calendar-trouble = آخرین تلاش برای خواندن آن ناموفق بود؛ آخرین نسخهٔ سالم را نشان می‌دهیم و دوباره تلاش می‌کنیم.
calendar-skipped = { $count } رویداد آن را نتوانستیم بگیریم (آخرین نسخهٔ سالم‌شان اینجا می‌ماند):
calendar-stop = دیگر دنبال نکن
calendar-stop-hint = رویدادهایی که تا کنون خوانده شده‌اند می‌مانند؛ می‌توانید اینجا آن‌ها را تغییر دهید یا لغو کنید.
thanks-calendar-title = تقویم خوانده شد
thanks-calendar-body = تقویم شما را خواندیم. یک ناظر آن را بررسی می‌کند و وقتی تصمیم گرفت به شما ایمیل می‌زنیم. تا آن زمان چیزی از آن عمومی نیست.
thanks-calendar-stopped-title = تقویم دیگر دنبال نمی‌شود
thanks-calendar-stopped-body = دیگر آن را نمی‌خوانیم. رویدادهای خوانده‌شده می‌مانند و می‌توانید آن‌ها را تغییر دهید یا لغو کنید.
mod-what-create-calendar = تقویمی برای دنبال کردن
mod-what-edit-calendar = نشانی تازهٔ تقویمی که دنبال می‌شود
mod-calendar-events = رویدادهای آن
mail-calendar-failing-subject = نمی‌توانیم تقویم گروه شما را بخوانیم
mail-calendar-failing-body =
    سلام،

    اطلس همبستگی نتوانست تقویم را در نشانی { $url } بخواند: { $problem }

    آخرین نسخه‌ای را که توانستیم بخوانیم نشان می‌دهیم و هر ساعت دوباره تلاش می‌کنیم. صفحهٔ حساب شما وضعیت را نشان می‌دهد.
problem-calendar-address = «{ $given }» نشانی تقویم نیست: نشانی یک فایل iCalendar (‎.ics) بدهید که با https://‎ یا http://‎ شروع شود.
problem-calendar-private-address = { $host } درون یک شبکهٔ خصوصی است: ما فقط تقویم‌های روی اینترنت عمومی را می‌خوانیم.
problem-calendar-unreachable = به { $host } نرسیدیم: چنین نشانی‌ای نیست یا به‌موقع پاسخ نداد. نشانی را بررسی کنید؛ هر ساعت دوباره تلاش می‌کنیم.
problem-calendar-answered = سرور تقویم به‌جای تقویم با خطای { $status } پاسخ داد. آیا تقویم عمومی است؟
problem-calendar-too-large = تقویم بزرگ‌تر از { $max } کیلوبایت است. تقویمی با رویدادهای گذشتهٔ کمتر به اشتراک بگذارید.
problem-calendar-not-ics = این نشانی فایل iCalendar (‎.ics) نمی‌دهد.
problem-calendar-nested-too-deep = تقویم بخش‌هایش را بیش از { $max } سطح تو در تو کرده است، کاری که تقویم‌ها هرگز نمی‌کنند. مطمئن شوید نشانی تقویم گروه شما را می‌دهد.
problem-calendar-too-many-events = تقویم { $given } رویداد دارد؛ ما حداکثر { $max } رویداد را دنبال می‌کنیم.
problem-no-calendar = این مورد هیچ تقویمی را دنبال نمی‌کند.
filter-on-this-week = فقط گروه‌هایی که در ۷ روز آینده برنامه‌ای دارند
event-form-postpone-date = به تعویق افتاد
event-form-online-date = آنلاین شد
thanks-date-changed-title = تاریخ تغییر کرد
thanks-date-changed-body = این تاریخ همه‌جا، از جمله در اشتراک‌های تقویم، تغییرکرده نشان داده می‌شود.
search-type-event = رویداد
feed-listings-title = اطلس همبستگی: گروه‌ها و مکان‌های تازه
feed-library-title = اطلس همبستگی: تازه‌های کتابخانه
embed-title = گروه‌ها و مکان‌ها
embed-title-near = گروه‌ها و مکان‌های نزدیک { $place }
embed-see-all = دیدن همهٔ { $count } مورد در اطلس همبستگی
embed-builder-title = اطلس را در سایت خود بگذارید
embed-builder-intro = انتخاب کنید چه چیزی نشان داده شود و کد را در صفحهٔ خود کپی کنید. این فهرست بدون جاوااسکریپت کار می‌کند، کوکی نمی‌گذارد، جز از ما چیزی بار نمی‌کند و هر مکان را فقط با دقتی که گروهش انتخاب کرده نشان می‌دهد.
embed-interface-language = زبان فهرست
embed-width = بیشترین عرض (پیکسل)
embed-height = ارتفاع (پیکسل)
embed-show = نمایش
embed-preview = چگونه دیده می‌شود
embed-copy = این را در صفحهٔ خود کپی کنید
embed-iframe-title = اطلس همبستگی: گروه‌ها و مکان‌ها
embed-map-unavailable = نقشه در حال حاضر در دسترس نیست.
embed-what = چه چیزی نشان داده شود
embed-what-list = فهرست
embed-what-map = نقشه

# /developers: open data and the API
footer-open-data = دادهٔ باز و رابط برنامه‌نویسی
developers-title = دادهٔ باز و رابط برنامه‌نویسی
developers-intro = فهرست، کتابخانه و رویدادها دادهٔ باز هستند: هر سایت یا ابزاری می‌تواند آن‌ها را بدون کلید و بدون کوکی بخواند. هر مکان فقط با دقتی که گروهش انتخاب کرده نشان داده می‌شود و در زمان قرنطینه هیچ پاسخی داده نمی‌شود.
developers-ways-in = راه‌های دسترسی
api-title = رابط برنامه‌نویسی با { -fsi }JSON{ -pdi }
api-parameters = پارامترها
api-required = الزامی
api-name = نام
api-values = مقدارها
api-meaning = معنا
api-responses = پاسخ‌ها:
api-example-request = نمونهٔ درخواست:
api-example-answer = و پاسخ آن:

# /embed/events
embed-what-events = رویدادها (فهرست تاریخ‌ها)
embed-events-title = رویدادها
embed-events-title-near = رویدادهای نزدیک { $place }
embed-events-see-all = همهٔ رویدادها را در اطلس همبستگی ببینید
embed-width-note = در صفحه‌نمایش باریک‌تر، مثل گوشی، کوچک می‌شود تا در صفحه جا شود.
embed-copy-button = کپی
embed-copied = کپی شد. آن را در HTML صفحهٔ خود بچسبانید.
embed-copy-selected = متن انتخاب شد. با فرمان کپی دستگاه خود آن را کپی کنید.
embed-iframe-title-events = اطلس همبستگی: رویدادها

# /map: "use my location" when no position comes
map-locate-refused = مرورگرتان موقعیت شما را به اشتراک نگذاشت، پس چیزی فرستاده نشد. به جای آن، نام یک شهر یا کد پستی را در کادر بالا بنویسید.
map-locate-failed = موقعیت شما به‌موقع پیدا نشد، پس چیزی فرستاده نشد. به جای آن، نام یک شهر یا کد پستی را در کادر بالا بنویسید.

# /map and /embed/map: a listing's card, and what a cluster holds, in a popup
map-card-meets = زمان:
map-card-next = تاریخ بعدی:
map-card-open = باز کردن
map-cluster-here = در این مکان
map-popup-close = بستن

# The map on a touch screen: one finger scrolls the page
map-two-fingers = برای جابه‌جا کردن نقشه از دو انگشت استفاده کنید
mod-point-distance = این نقطه { $km } کیلومتر با مرکز { $town } فاصله دارد.
mod-point-far = این نقطه { $km } کیلومتر با مرکز { $town } فاصله دارد، بیشتر از { $max } کیلومتر: پیش از تأیید، شهر یا نقطه را بررسی کنید.
mod-point-picture = نقشه‌ای کوچک که نقطه در آن با دایره مشخص شده است.

# The map picker of the registration and event forms: its own place search and "use my location"
picker-search = یافتن مکان روی نقشه
picker-search-none = شهر یا منطقهٔ کد پستی با این نام پیدا نشد. املای دیگری را امتحان کنید، یا نیمهٔ اول کد پستی مانند S1.
picker-locate-note = «استفاده از موقعیت من» سنجاق را همان جایی می‌گذارد که اکنون هستید: وقتی در خود آن مکان هستید از آن استفاده کنید. موقعیت شما فقط همراه این فرم فرستاده می‌شود.
picker-located = سنجاق در موقعیت شماست. اگر لازم است، آن را به جای دقیق بکشید.
event-form-picker = نقشه: برای تعیین مکان کلیک کنید
event-form-picker-hint = یا مکان را روی نقشه انتخاب کنید. بدون نقشه، شهرِ مکان به کار می‌رود و رویداد همان‌جا نشان داده می‌شود. دقت نمایش به انتخاب شما در پایین بستگی دارد.
mod-unconfirmed = تأییدنشده از سوی فرستنده ({ $count })
mod-unconfirmed-note = فرستنده پیوندی را که ایمیل کردیم باز نکرده است. اگر می‌دانید این درخواست واقعی است، آن را به صف بیاورید؛ نام شما در گزارش بازبینی ثبت می‌شود.
mod-no-mail-note = این سایت ایمیل نمی‌فرستد (سرور ایمیل تنظیم نشده است: ATLAS_SMTP_URL)، پس پیوندهای تأیید هرگز نمی‌رسند. هر درخواست را بررسی کنید و خودتان آن را به صف بیاورید؛ نام شما در گزارش بازبینی ثبت می‌شود. مدیر می‌تواند ایمیل را تنظیم کند — صفحهٔ مدیریت را ببینید.
mod-unconfirmed-badge = تأییدنشده
mod-take = به صف بیاور
admin-no-mail-server = این سایت ایمیل نمی‌فرستد: سرور ایمیل تنظیم نشده است (ATLAS_SMTP_URL). آنچه بدون آن کار می‌کند: همهٔ سایت؛ ناظران خودشان ثبت‌نام‌ها را در ‎/moderate به صف می‌آورند. آنچه منتظر می‌ماند: ایمیل‌های تأیید، ورود و پاسخ اینجا می‌مانند و پیوندهایشان حذف شده است. برای فرستادن ایمیل، سرور را با ATLAS_SMTP_URL=smtp://user:password@mail.example.org:587?tls=required اجرا کنید؛ تا آن زمان atlas user link --email ADDRESS یک پیوند ورود چاپ می‌کند.

## Values from the data: regions, activities, library topics.
region-north-east = شمال شرق انگلستان
region-north-west = شمال غرب انگلستان
region-yorkshire-and-the-humber = یورکشر و هامبر
region-east-midlands = میدلندز شرقی
region-west-midlands = میدلندز غربی
region-east-of-england = شرق انگلستان
region-london = لندن
region-south-east = جنوب شرق انگلستان
region-south-west = جنوب غرب انگلستان
region-scotland = اسکاتلند
region-wales = ولز
region-northern-ireland = ایرلند شمالی
region-ireland = ایرلند
region-isle-of-man = جزیره من
region-channel-islands = جزایر مانش
tag-health-access = دسترسی به خدمات درمانی
tag-know-your-rights-sessions = جلسه‌های آشنایی با حقوق
tag-walking-group = گروه پیاده‌روی
tag-dance = رقص
tag-housing = مسکن
tag-football = فوتبال
tag-legal-advice-signposting = راهنمایی برای گرفتن مشاورهٔ حقوقی
tag-accompaniment-to-reporting = همراهی در گزارش‌دهی
tag-english-conversation = گفت‌وگو به انگلیسی
tag-women-s-group = گروه زنان
tag-film-club = باشگاه فیلم
tag-creative-writing = نویسندگی خلاق
tag-drop-in = دیدار آزاد
tag-cooking = آشپزی
tag-storytelling = قصه‌گویی
tag-sewing = خیاطی
tag-art-and-chat = هنر و گپ
topic-health = سلامت
topic-detention = بازداشت
topic-reporting = گزارش‌دهی
topic-nhs-charging = هزینه‌های خدمات درمانی ملی
topic-organising = سازمان‌دهی
topic-safety = ایمنی
topic-campaigning = کارزار
topic-gp-registration = ثبت‌نام نزد پزشک عمومی
topic-mental-capacity = ظرفیت ذهنی
topic-legal-aid = کمک حقوقی رایگان
topic-housing = مسکن
topic-training = آموزش
topic-welfare = کمک‌های رفاهی
topic-nrpf = محرومیت از کمک‌های دولتی
topic-asylum = پناهندگی
topic-everyday-borders = مرزهای روزمره
topic-wellbeing = بهزیستی
topic-reading-group = گروه کتاب‌خوانی
topic-history = تاریخ
topic-climate = اقلیم
topic-media = رسانه
topic-english = زبان انگلیسی
topic-education = آموزش و تحصیل

## Latin words inside a right-to-left line are isolated with these
## (Fluent isolates arguments itself, not text written in a message), so
## "https://t.me/" or "Pashto" cannot reorder the words around them.
-fsi = { "\u2068" }
-pdi = { "\u2069" }

## The opt-out register (issue 33)
problem-held-on-opt-out-register = این با گروهی مطابقت دارد که خواسته است هرگز فهرست نشود. دلیلش را در همین صفحه بخوانید و فقط پس از بررسی و نوشتن دلیل تأیید کنید.
problem-no-such-opt-out = این دیگر در دفتر یا فهرست مسدودها نیست.
problem-not-a-sender-pattern = «{ $given }» نشانی ایمیل یا دامنه نیست. چیزی مانند ⁨someone@example.org⁩ یا ⁨example.org⁩ بنویسید.
problem-sender-blocked = این نشانی نمی‌تواند به این سایت چیزی بفرستد. اگر فکر می‌کنید اشتباه است، به گردانندگان آن بنویسید.
opt-out-held-badge = نگه‌داشته: دفتر عدم فهرست
opt-out-box = این گروه را دیگر هرگز فهرست نکن: خودشان خواسته‌اند (پس از تهدید، یورش یا تعطیلی)
opt-out-box-hint = فقط اثر انگشتی از نام و شهر، وب‌سایت و ایمیل آن نگه داشته می‌شود، نه خود اطلاعات. هر ثبت، واردسازی یا ادعای بعدی که با آن مطابقت کند، با دلیل بالا منتظر یک ناظر می‌ماند.
opt-out-held-title = نگه‌داشته: این گروه خواسته است هرگز فهرست نشود
opt-out-held-reason = گروهی با همین نام و شهر، یا همین وب‌سایت یا ایمیل، خواسته است هرگز فهرست نشود. دلیلشان:
opt-out-held-hint = فقط اگر خود گروه خواسته دوباره فهرست شود، یا آشکارا گروه دیگری است، تأیید کنید. وگرنه آن را رد کنید.
opt-out-release-reason = چرا می‌توان درباره‌اش تصمیم گرفت (در گزارش بازبینی می‌ماند)
opt-out-release = بررسی کردم: می‌توان درباره‌اش تصمیم گرفت
admin-opt-outs = دفتر عدم فهرست
admin-opt-outs-hint = گروه‌هایی که خواسته‌اند هرگز فهرست نشوند. فقط اثر انگشت نگه داشته می‌شود: نه نام، نه مکان، نه نشانی. درخواستی را فقط وقتی بردارید که خود گروه بخواهد دوباره قابل فهرست شدن باشد.
admin-opt-outs-empty = هیچ گروهی در دفتر نیست.
admin-opt-out-recorded = ثبت‌شده در { $date } توسط { $who }؛ اثر انگشت‌ها: { $count }
admin-opt-out-remove = برداشتن از دفتر
admin-blocked = فرستندگان مسدود
admin-blocked-hint = ثبت‌ها، منابع، رویدادها و ادعاهای این نشانی‌ها یا دامنه‌ها پذیرفته نمی‌شوند.
admin-blocked-empty = هیچ نشانی یا دامنه‌ای مسدود نیست.
admin-blocked-pattern = نشانی یا دامنه
admin-blocked-pattern-hint = ⁨someone@example.org⁩، یا ⁨example.org⁩ برای کل دامنه
admin-blocked-add = مسدود کن
admin-blocked-remove = رفع انسداد
mod-rejected = رد شد. دلیل به فرستنده گفته می‌شود.
mod-rejected-never-again = رد شد و گروه در دفتر عدم فهرست است: هر چه با آن مطابقت کند منتظر نظر یک ناظر می‌ماند.
opt-out-released = نگه‌داشتن برداشته شد و دلیل شما در گزارش بازبینی است: مثل همیشه تأیید یا رد کنید.

# The field only robots fill in (hidden from people and screen readers).
form-leave-empty = این را خالی بگذارید
