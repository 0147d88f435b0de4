# Solidarity Atlas، فارسی.

site-name = اطلس همبستگی
lang-code = fa
site-tagline = گروه‌های عدالت برای مهاجران، کارزارهای دسترسی به درمان و مراکز گزارش‌دهی نزدیک خود را پیدا کنید.
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

## خطاها
not-found-title = صفحه پیدا نشد
not-found-body = در این نشانی صفحه‌ای وجود ندارد. شاید جابه‌جا شده یا پیوند اشتباه نوشته شده است.
not-found-home = رفتن به صفحه اصلی
error-title = مشکلی پیش آمد
error-body = این خطا از طرف ماست، نه شما. لطفاً چند دقیقه دیگر دوباره امتحان کنید.

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
listing-back = بازگشت به راهنما

## نقشه
map-title = نقشه
map-intro = نقشه را جابه‌جا کنید یا بگویید کجا هستید؛ فهرست زیر همراه نقشه تغییر می‌کند.
map-locate = استفاده از موقعیت من
map-locate-note = موقعیت شما در مرورگرتان می‌ماند؛ فقط محدوده نقشه به این سایت فرستاده می‌شود.
map-search = جستجو
map-legend = راهنمای نقشه
map-in-view = روی نقشه
map-in-view-count = { $count ->
    [one] { $count } مورد در دید
   *[other] { $count } مورد در دید
}
map-loading = در حال بارگذاری…
map-no-js = نقشه به جاوااسکریپت نیاز دارد. راهنما بدون آن کار می‌کند.
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
