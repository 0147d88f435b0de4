# تنبيهات البريد الإلكتروني (issue 32)
alerts-title = أخبرني عندما يظهر شيء جديد بالقرب مني
alerts-tell-me-when = أخبرني عندما يظهر شيء جديد مثل هذا
alerts-off = تنبيهات البريد الإلكتروني غير مفعّلة على هذا الموقع. يمكن للقائمين عليه تفعيلها.
alerts-intro = نرسل إليك بريدًا إلكترونيًا عند نشر مجموعة جديدة أو فعالية جديدة أو مورد جديد يطابق ما تختاره. لا حاجة إلى حساب. يمكنك الإيقاف في أي وقت بنقرة واحدة.
alerts-email = عنوان بريدك الإلكتروني
alerts-email-hint = نرسل أولًا رسالة واحدة للتأكد من أن العنوان لك. لا يُرسل شيء آخر حتى تفتح رابطها.
alerts-where = أين
alerts-near = المدينة أو منطقة الرمز البريدي أو الرمز البريدي
alerts-near-hint = اتركه فارغًا لأي مكان. نحتفظ بالمنطقة أو المدينة فقط، وليس بعنوانك أبدًا.
alerts-radius = ضمن مسافة
alerts-radius-option = { $km } كم
alerts-what = ماذا
alerts-wants-listing = مجموعات وخدمات جديدة
alerts-wants-event = فعاليات جديدة
alerts-wants-resource = موارد جديدة في المكتبة
alerts-any-kind = أي نوع
alerts-kind = نوع المجموعة
alerts-tag = النشاط
alerts-topic = الموضوع
alerts-lang = اللغة
alerts-lang-hint = مجموعات تتحدثها، وفعاليات وموارد بها.
alerts-how-often = كم مرة
alerts-instant = فور النشر
alerts-weekly = مرة في الأسبوع (صباح الاثنين)
alerts-mail-lang = لغة الرسائل
alerts-neutral = استخدم عنوانًا محايدًا للرسالة («قوائم جديدة بالقرب منك») لا يذكر اسم هذا الموقع
alerts-privacy = يُحفظ عنوانك مشفّرًا ولا يُستخدم إلا لهذه التنبيهات. في كل رسالة رابط لإيقافها.
alerts-submit = أرسل إليّ التنبيهات
alerts-confirm-title = ابدأ تنبيهك
alerts-confirm-button = نعم، أرسل إليّ هذه التنبيهات
alerts-stop-title = أوقف هذا التنبيه
alerts-stop-button = أوقف هذا التنبيه
alerts-manage-link = اعرض كل تنبيهاتك
alerts-manage-title = تنبيهاتك
alerts-manage-none = التنبيه الذي كان هذا الرابط له قد أُوقف. إن كانت لديك تنبيهات أخرى، ففي كل رسالة منها رابط إليها.
alerts-anywhere = أي مكان
alerts-place-within = ضمن { $km } كم من { $place }
alerts-unconfirmed = لم يبدأ بعد
alerts-stop-this = أوقف هذا
alerts-forget-me = أوقف الكل وانسَني
alerts-done-requested-title = تفقّد بريدك الإلكتروني
alerts-done-requested-body = إن كان العنوان يستقبل البريد فقد أرسلنا إليه رابطًا. يبدأ تنبيهك عندما تفتحه. إن لم تفتحه خلال ٤٨ ساعة ننسى الطلب.
alerts-done-confirmed-title = بدأ تنبيهك
alerts-done-confirmed-body = سنراسلك عند نشر شيء مطابق. في كل رسالة رابط للإيقاف.
alerts-done-stopped-title = توقّف التنبيه
alerts-done-stopped-body = لن تصلك رسائل أخرى من هذا التنبيه.
alerts-done-forgotten-title = حُذفت كل تنبيهاتك
alerts-done-forgotten-body = لم نعد نحتفظ بعنوانك للتنبيهات.
alerts-mail-confirm-subject = يُرجى تأكيد تنبيهك
alerts-mail-confirm-body =
    طلب أحدهم إرسال تنبيهات بالبريد الإلكتروني إلى هذا العنوان.
    التنبيه: { $alert }

    إن كنت أنت، افتح هذا الرابط واضغط الزر لبدئها:

    { $link }

    إن لم تكن أنت، تجاهل هذه الرسالة: لن يُرسل شيء آخر، وسيُنسى الطلب خلال ٤٨ ساعة.
alerts-mail-subject = جديد: { $name }
alerts-mail-neutral-subject = قوائم جديدة بالقرب منك
alerts-mail-digest-subject = { $count ->
    [one] قائمة جديدة واحدة هذا الأسبوع
   *[other] { $count } قوائم جديدة هذا الأسبوع
}
alerts-mail-neutral-digest-subject = ملخّصك الأسبوعي
alerts-mail-intro = شيء جديد يطابق تنبيهك:
alerts-mail-digest-intro = { $count ->
    [one] عنصر جديد واحد طابق تنبيهك هذا الأسبوع:
   *[other] { $count } عناصر جديدة طابقت تنبيهك هذا الأسبوع:
}
alerts-mail-distance = على بعد { $km } كم من { $place }
alerts-mail-footer =
    تنبيهاتك: { $manage }
    أوقف هذا التنبيه: { $stop }
problem-alert-nothing-chosen = اختر شيئًا واحدًا على الأقل: المجموعات والخدمات، أو الفعاليات، أو الموارد.
problem-alerts-off = تنبيهات البريد الإلكتروني غير مفعّلة على هذا الموقع.
