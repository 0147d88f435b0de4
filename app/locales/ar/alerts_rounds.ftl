# A mail names at most so many items (the nearest first); the rest are
# counted, with a link to see them.
alerts-mail-more = { $count ->
    [one] ويطابق تنبيهك عنصر آخر.
    [two] ويطابق تنبيهك عنصران آخران.
    [few] ويطابق تنبيهك { $count } عناصر أخرى.
   *[other] ويطابق تنبيهك { $count } عنصرًا آخر.
} اطّلع على كل ما هو قريب من { $place }: { $link }
alerts-mail-more-anywhere = { $count ->
    [one] ويطابق تنبيهك عنصر آخر.
    [two] ويطابق تنبيهك عنصران آخران.
    [few] ويطابق تنبيهك { $count } عناصر أخرى.
   *[other] ويطابق تنبيهك { $count } عنصرًا آخر.
} اطّلع على الأحدث في الموقع: { $link }
