# نقش مترجم و نمای کنار هم اصل و ترجمه برای ناظران (مسئلهٔ ۳۱).
role-translator = مترجم
problem-translators-only = فقط کسانی که نقش مترجم دارند می‌توانند فهرست یا منبعی را که شخص دیگری نگه می‌دارد ترجمه کنند.
translator-link = ترجمه کنید
translator-title = ترجمه:
translator-back = بازگشت به صفحه
translator-intro = متن را به زبانی که برمی‌گزینید بنویسید؛ اصل کنار هر فیلد است. فقط متن را ترجمه می‌کنید: پیوندها، راه‌های تماس و نشانی‌ها همان‌طور که در اصل هستند می‌مانند. یک ناظر پیش از نمایش، ترجمهٔ شما را بررسی می‌کند.
translator-choose = ترجمه به
translator-show = نمایش فیلدهای آن
translator-original = اصل ({ $language })
translator-submit = فرستادن ترجمه
translator-account-title = ترجمه
translator-account = می‌توانید هر فهرست، رویداد یا منبع منتشرشده را ترجمه کنید: صفحه‌اش را باز کنید و «ترجمه کنید» را برگزینید.
translator-account-listings = فهرست‌ها
translator-account-library = کتابخانه
translator-review-title = ترجمه‌ها، کنار هم
translator-review-proposed = پیشنهادی ({ $language })
