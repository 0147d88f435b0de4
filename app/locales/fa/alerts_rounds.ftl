# A mail names at most so many items (the nearest first); the rest are
# counted, with a link to see them.
alerts-mail-more = { $count ->
    [one] یک مورد دیگر هم با هشدار شما جور است.
   *[other] { $count } مورد دیگر هم با هشدار شما جور است.
} همه‌چیز نزدیک { $place } را ببینید: { $link }
alerts-mail-more-anywhere = { $count ->
    [one] یک مورد دیگر هم با هشدار شما جور است.
   *[other] { $count } مورد دیگر هم با هشدار شما جور است.
} تازه‌ترین‌ها را در سایت ببینید: { $link }
