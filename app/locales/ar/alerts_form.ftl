# The alerts form's lists and its confirmation (issue 32)
alerts-any-tag = أي نشاط
alerts-any-topic = أي موضوع
alerts-any-language = أي لغة
alerts-confirm-what = هذا الرابط يبدأ التنبيه الذي طُلب على هذا الموقع:
alerts-confirm-used-title = هذا الرابط استُخدم من قبل، أو أصبح قديماً
alerts-confirm-used-body = إن كنت قد ضغطت زرّه من قبل، فتنبيهك يعمل: في كل رسالة تنبيه رابط لرؤية تنبيهاتك أو إيقافها. وإن لم تفعل، فقد نُسي الطلب بعد ٤٨ ساعة.
alerts-confirm-ask-again = اطلب تنبيهاً من جديد
alerts-started-keep = في الأسفل تنبيهاتك. احتفظ بعنوان هذه الصفحة لرؤيتها أو إيقافها؛ وفي كل رسالة تنبيه هذا الرابط أيضاً.
alerts-mail-started-subject = بدأ تنبيهك
alerts-mail-started-body =
    بدأ تنبيهك:
    { $alert }

    سنراسلك عندما يُنشر شيء مطابق.
    لرؤية تنبيهاتك أو إيقافها: { $manage }
    لإيقاف هذا التنبيه: { $stop }
alerts-line-listing = مجموعات وخدمات جديدة
alerts-line-event = فعاليات جديدة
alerts-line-resource = موارد جديدة
alerts-line-online = عبر الإنترنت فقط
alerts-line-in-person = حضورياً فقط
alerts-line-language = بلغة { $language }
alerts-line-instant = فور نشرها
alerts-line-weekly = مرة في الأسبوع
alerts-stopped-already = التنبيه الذي كان هذا الرابط له متوقف من قبل: لن تصل منه رسائل أخرى.
alerts-forget-note = أو أوقف كل تنبيه يُرسل إلى هذا العنوان واحذف العنوان:
