# Issue 32: تنبيهات الفعاليات و«تابِع هذه المجموعة».
alerts-attend = كيف ستحضر الفعاليات؟
alerts-attend-in_person = حضوريًا، بالقرب من المكان المذكور أعلاه
alerts-attend-online = عبر الإنترنت، من أي مكان
alerts-attend-both = بأي من الطريقتين
alerts-mail-online = عبر الإنترنت
alerts-mail-next = الموعد القادم: { $when }
alerts-mail-when = { $date } الساعة { $time }
follow-title = تابِع هذه المجموعة
follow-intro = تصلك رسالة بريد إلكتروني عندما تضيف هذه المجموعة مواعيد أو تلغيها أو تغيّرها، أو تنتقل إلى مدينة أخرى، أو تُغلق. لا حاجة إلى حساب.
follow-submit = تابِع هذه المجموعة
follow-following = أنت تتابع { $name }
follow-mail-subject = { $what ->
    [new_series] { $name }: مواعيد جديدة
    [date] { $name }: تغيّر موعد
    [moved] انتقلت { $name }
   *[closed] أُغلقت { $name }
}
follow-mail-neutral-subject = أخبار من مجموعة تتابعها
follow-mail-intro = أخبار من مجموعة تتابعها:
follow-mail-new-series = مواعيد جديدة: { $event }
follow-mail-date = { $status ->
    [cancelled] أُلغي
    [postponed] أُجّل
   *[moved_online] نُقل إلى الإنترنت
}: { $event }، { $when }
follow-mail-moved = تجتمع الآن في { $town }.
follow-mail-closed = أُغلقت ولم تعد مدرجة في الدليل.
