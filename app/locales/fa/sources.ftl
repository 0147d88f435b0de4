sources-title = منبع‌های دنبال‌شده
sources-hint = فهرست‌های دیگری که این اطلس دنبال می‌کند: خوراک ⁨Open Referral UK⁩ یک اطلس دیگر یا یک شورای محلی، یا فایل ⁨GeoJSON⁩ یا ⁨CSV⁩ که یک شبکه منتشر می‌کند. هر منبع هر چند ساعت یک بار خوانده می‌شود و رکوردهایش با ذکر منشأ در صف بررسی می‌مانند، مگر اینکه منبع مورد اعتماد باشد. رکوردی که از منبعش حذف شود اینجا بایگانی می‌شود.
sources-empty = هنوز هیچ منبعی دنبال نمی‌شود.
sources-name = نام
sources-url = نشانی
sources-format = قالب
sources-format-oruk = ⁨Open Referral UK⁩ (نشانی پایهٔ رابط برنامه‌نویسی)
sources-format-geojson = فایل ⁨GeoJSON⁩
sources-format-csv = فایل ⁨CSV⁩ با ردیف سرستون
sources-kind = نوع برای رکوردهایی که نوعشان را نمی‌شناسیم
sources-trusted = مورد اعتماد: رکوردهایش بدون بررسی منتشر شوند (هر کدام در گزارش ممیزی می‌ماند)
sources-trusted-yes = مورد اعتماد: بدون بررسی منتشر می‌شود
sources-trusted-no = با بررسی: رکوردها در صف می‌مانند
sources-never-read = هنوز خوانده نشده است.
sources-last-read = آخرین خواندن در { $date }:
sources-outcome-read = نسخه‌ای تازه که به صف رفت
sources-outcome-unchanged = چیزی تغییر نکرده بود
sources-outcome-failed = خواندن ناموفق بود
sources-counts = تازه { $new }، به‌روزشده { $updated }، بدون تغییر { $unchanged }، بایگانی‌شده { $archived }، نگه‌داشته { $held }، کنارگذاشته { $skipped }.
sources-records = { $count ->
    [one] { $count } رکورد از این منبع نگه داشته شده است.
   *[other] { $count } رکورد از این منبع نگه داشته شده است.
}
sources-problem = چه چیزی درست پیش نرفت (آخرین نسخهٔ سالم سر جایش می‌ماند):
sources-fetch-now = همین حالا بخوان
sources-add = افزودن منبع
sources-add-submit = منبع را بیفزا
sources-added = منبع افزوده شد. همین حالا آن را بخوانید یا منتظر خواندن زمان‌بندی‌شدهٔ بعدی بمانید.
sources-fetched = منبع خوانده شد.
sources-saved = تطبیق ذخیره شد. خواندن بعدی آن را بر همهٔ رکوردها اعمال می‌کند.
sources-mapping = تطبیق واژه‌های آن با واژه‌های ما
sources-mapping-hint = در هر خط یکی: واژهٔ آنها = واژهٔ ما. واژه‌ای که با هیچ تطبیق داده شود حذف می‌شود؛ واژهٔ تطبیق‌نیافته همان‌طور می‌ماند (نوع تطبیق‌نیافته همان نوع بالا می‌شود).
sources-mapping-kinds = نوع‌ها
sources-mapping-tags = برچسب‌ها
sources-mapping-languages = زبان‌ها (کدهای ما: ⁨en, ar, fa, fr, es⁩…)
sources-save = ذخیرهٔ تطبیق
sources-from = منبع: { $source }
sources-from-link = رکورد اصلی آن
problem-source-address = «{ $given }» نشانی‌ای نیست که بتوانیم بخوانیم: نشانی‌ای بدهید که با ⁨https://⁩ یا ⁨http://⁩ آغاز شود.
problem-source-private-address = { $host } درون یک شبکهٔ خصوصی است: منبع‌ها فقط از اینترنت عمومی خوانده می‌شوند، مگر اینکه گرداننده نشانی‌های خصوصی را مجاز کند (⁨ATLAS_ALLOW_PRIVATE_FETCH⁩).
problem-source-unreachable = به { $host } نرسیدیم: چنین نشانی‌ای نیست یا به‌موقع پاسخ نداد. در خواندن بعدی دوباره تلاش می‌کنیم.
problem-source-answered = سرور منبع به جای رکوردهایش با خطای { $status } پاسخ داد.
problem-source-too-large = منبع بزرگ‌تر از { $max } کیلوبایت است؛ بیش از آنچه یک‌جا می‌خوانیم.
problem-source-too-many-records = منبع { $given } رکورد دارد؛ ما حداکثر { $max } رکورد را دنبال می‌کنیم.
problem-source-unreadable = پاسخ منبع خوانا نبود: { $detail }.
problem-source-name-taken = منبعی با نام «{ $given }» از پیش هست: نام دیگری برگزینید.
problem-no-such-source = چنین منبعی وجود ندارد.
problem-mapping-line = «{ $given }» خط تطبیق نیست: بنویسید واژهٔ آنها = واژهٔ ما.
