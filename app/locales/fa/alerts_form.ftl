# The alerts form's lists and its confirmation (issue 32)
alerts-any-tag = هر فعالیتی
alerts-any-topic = هر موضوعی
alerts-any-language = هر زبانی
alerts-confirm-what = این پیوند هشداری را که در این سایت درخواست شده روشن می‌کند:
alerts-confirm-used-title = این پیوند قبلاً استفاده شده یا قدیمی است
alerts-confirm-used-body = اگر قبلاً دکمه‌اش را زده‌اید، هشدار شما روشن است: در هر ایمیل هشدار پیوندی برای دیدن یا متوقف کردن هشدارهایتان هست. اگر نزده‌اید، درخواست پس از ۴۸ ساعت فراموش شده است.
alerts-confirm-ask-again = دوباره هشدار بخواهید
alerts-started-keep = هشدارهای شما در پایین است. نشانی این صفحه را نگه دارید تا بتوانید آن‌ها را ببینید یا متوقف کنید؛ هر ایمیل هشدار هم این پیوند را دارد.
alerts-mail-started-subject = هشدار شما آغاز شد
alerts-mail-started-body =
    هشدار شما آغاز شد:
    { $alert }

    وقتی چیزی مطابق منتشر شود برایتان ایمیل می‌فرستیم.
    دیدن یا متوقف کردن هشدارهایتان: { $manage }
    متوقف کردن این هشدار: { $stop }
alerts-line-listing = گروه‌ها و خدمات تازه
alerts-line-event = رویدادهای تازه
alerts-line-resource = منابع تازه
alerts-line-online = فقط آنلاین
alerts-line-in-person = فقط حضوری
alerts-line-language = به زبان { $language }
alerts-line-instant = همین که منتشر شد
alerts-line-weekly = هفته‌ای یک بار
alerts-stopped-already = هشداری که این پیوند برای آن بود از قبل متوقف شده است: دیگر ایمیلی از آن نمی‌آید.
alerts-forget-note = یا همهٔ هشدارهایی را که به این نشانی فرستاده می‌شود متوقف کنید و نشانی را پاک کنید:
