# Several new items for one alert in one round (a burst): one mail.
alerts-mail-several-subject = { $count ->
    [zero] جديد: { $name }
    [one] جديد: { $name } وعنصر آخر
    [two] جديد: { $name } وعنصران آخران
    [few] جديد: { $name } و{ $count } عناصر أخرى
   *[other] جديد: { $name } و{ $count } عنصرًا آخر
}
alerts-mail-several-intro = { $count ->
    [zero] لا جديد يطابق تنبيهك:
    [one] عنصر جديد واحد يطابق تنبيهك:
    [two] عنصران جديدان يطابقان تنبيهك:
    [few] { $count } عناصر جديدة تطابق تنبيهك:
   *[other] { $count } عنصرًا جديدًا يطابق تنبيهك:
}
