# هشدارهای ایمیلی (issue 32)
alerts-title = وقتی چیز تازه‌ای نزدیکم بود خبرم کن
alerts-tell-me-when = وقتی چیز تازه‌ای مثل این آمد خبرم کن
alerts-off = هشدارهای ایمیلی در این سایت روشن نیست. گردانندگان سایت می‌توانند آن را روشن کنند.
alerts-intro = وقتی گروه، رویداد یا منبع تازه‌ای منتشر شود که با انتخاب شما جور باشد، برایتان ایمیل می‌فرستیم. حساب کاربری لازم نیست. هر وقت بخواهید با یک کلیک می‌توانید آن را متوقف کنید.
alerts-email = نشانی ایمیل شما
alerts-email-hint = اول یک ایمیل می‌فرستیم تا مطمئن شویم نشانی مال شماست. تا پیوند آن را باز نکنید چیز دیگری فرستاده نمی‌شود.
alerts-where = کجا
alerts-near = شهر، ناحیهٔ کد پستی یا کد پستی
alerts-near-hint = برای همه‌جا خالی بگذارید. فقط ناحیه یا شهر را نگه می‌داریم، هرگز نشانی شما را.
alerts-radius = در فاصلهٔ
alerts-radius-option = { $km } کیلومتر
alerts-what = چه چیزی
alerts-wants-listing = گروه‌ها و خدمات تازه
alerts-wants-event = رویدادهای تازه
alerts-wants-resource = منابع تازه در کتابخانه
alerts-any-kind = هر نوعی
alerts-kind = نوع گروه
alerts-tag = فعالیت
alerts-topic = موضوع
alerts-lang = زبان
alerts-lang-hint = گروه‌هایی که به آن صحبت می‌کنند، و رویدادها و منابعی به آن زبان.
alerts-how-often = هر چند وقت
alerts-instant = همین که منتشر شد
alerts-weekly = هفته‌ای یک بار (صبح دوشنبه)
alerts-mail-lang = زبان ایمیل‌ها
alerts-neutral = از عنوانی ساده («فهرست‌های تازه نزدیک شما») استفاده شود که نام این سایت را نیاورد
alerts-privacy = نشانی شما رمزگذاری‌شده نگه داشته می‌شود و فقط برای همین هشدارها به کار می‌رود. هر ایمیل پیوندی برای توقف دارد.
alerts-submit = برایم هشدار بفرست
alerts-confirm-title = هشدارتان را آغاز کنید
alerts-confirm-button = بله، این هشدارها را برایم بفرست
alerts-stop-title = توقف این هشدار
alerts-stop-button = این هشدار را متوقف کن
alerts-manage-link = دیدن همهٔ هشدارهایتان
alerts-manage-title = هشدارهای شما
alerts-manage-none = هشداری که این پیوند برای آن بود متوقف شده است. اگر هشدارهای دیگری دارید، در هر ایمیل آن‌ها پیوندی به آن‌ها هست.
alerts-anywhere = همه‌جا
alerts-place-within = در فاصلهٔ { $km } کیلومتری { $place }
alerts-unconfirmed = هنوز آغاز نشده
alerts-stop-this = توقف همین یکی
alerts-forget-me = توقف همه و فراموش کردن من
alerts-done-requested-title = ایمیل خود را ببینید
alerts-done-requested-body = اگر این نشانی ایمیل دریافت کند، پیوندی برایش فرستاده‌ایم. هشدار شما با باز کردن آن آغاز می‌شود. اگر تا ۴۸ ساعت بازش نکنید، درخواست فراموش می‌شود.
alerts-done-confirmed-title = هشدار شما آغاز شد
alerts-done-confirmed-body = وقتی چیزی مطابق منتشر شود برایتان ایمیل می‌فرستیم. هر ایمیل پیوندی برای توقف دارد.
alerts-done-stopped-title = هشدار متوقف شد
alerts-done-stopped-body = دیگر ایمیلی از این هشدار دریافت نمی‌کنید.
alerts-done-forgotten-title = همهٔ هشدارهای شما پاک شد
alerts-done-forgotten-body = دیگر نشانی شما را برای هشدارها نگه نمی‌داریم.
alerts-mail-confirm-subject = لطفاً هشدار خود را تأیید کنید
alerts-mail-confirm-body =
    کسی خواسته است هشدارهای ایمیلی به این نشانی فرستاده شود.
    هشدار: { $alert }

    اگر شما بودید، این پیوند را باز کنید و دکمه را بزنید تا آغاز شود:

    { $link }

    اگر شما نبودید، این ایمیل را نادیده بگیرید: چیز دیگری فرستاده نمی‌شود و درخواست تا ۴۸ ساعت فراموش می‌شود.
alerts-mail-subject = تازه: { $name }
alerts-mail-neutral-subject = فهرست‌های تازه نزدیک شما
alerts-mail-digest-subject = { $count ->
    [one] یک فهرست تازه در این هفته
   *[other] { $count } فهرست تازه در این هفته
}
alerts-mail-neutral-digest-subject = خلاصهٔ هفتگی شما
alerts-mail-intro = چیز تازه‌ای با هشدار شما جور است:
alerts-mail-digest-intro = { $count ->
    [one] یک مورد تازه در این هفته با هشدار شما جور بود:
   *[other] { $count } مورد تازه در این هفته با هشدار شما جور بود:
}
alerts-mail-distance = در { $km } کیلومتری { $place }
alerts-mail-footer =
    هشدارهای شما: { $manage }
    توقف این هشدار: { $stop }
problem-alert-nothing-chosen = دست‌کم یکی را انتخاب کنید: گروه‌ها و خدمات، رویدادها، یا منابع.
problem-alerts-off = هشدارهای ایمیلی در این سایت روشن نیست.
