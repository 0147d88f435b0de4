# Organisers and translators add translations (issue 31).
translating-legend = ترجمه‌ها
translating-hint = همین متن به زبان‌های دیگر، برای کسانی که آن‌ها را بهتر می‌خوانند. فقط متن: پیوندها، راه‌های تماس و نشانی‌ها در فیلدهای بالا می‌آیند. یک ناظر هر تغییر را پیش از نمایش بررسی می‌کند.
translating-language = زبان: { $language }
translating-add-language = افزودن یک زبان
translating-add = افزودن فیلدهای آن
