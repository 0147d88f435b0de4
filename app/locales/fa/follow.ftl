# Issue 32: هشدار رویدادها و «دنبال کردن این گروه».
alerts-attend = چطور در رویدادها شرکت می‌کنید؟
alerts-attend-in_person = حضوری، نزدیک جایی که بالا نوشتید
alerts-attend-online = آنلاین، از هر جا
alerts-attend-both = هر دو
alerts-mail-online = آنلاین
alerts-mail-next = نوبت بعدی: { $when }
alerts-mail-when = { $date } ساعت { $time }
follow-title = دنبال کردن این گروه
follow-intro = وقتی این گروه تاریخی اضافه، لغو یا جابه‌جا کند، به شهر دیگری برود یا بسته شود، برایتان ایمیل می‌فرستیم. حساب کاربری لازم نیست.
follow-submit = این گروه را دنبال کن
follow-following = دنبال کردن { $name }
follow-mail-subject = { $what ->
    [new_series] { $name }: تاریخ‌های تازه
    [date] { $name }: یک تاریخ تغییر کرد
    [moved] { $name } جابه‌جا شد
   *[closed] { $name } بسته شد
}
follow-mail-neutral-subject = خبری از گروهی که دنبال می‌کنید
follow-mail-intro = خبری از گروهی که دنبال می‌کنید:
follow-mail-new-series = تاریخ‌های تازه: { $event }
follow-mail-date = { $status ->
    [cancelled] لغو شد
    [postponed] به تعویق افتاد
   *[moved_online] آنلاین شد
}: { $event }، { $when }
follow-mail-moved = اکنون در { $town } گرد هم می‌آید.
follow-mail-closed = بسته شده و دیگر در فهرست نیست.
