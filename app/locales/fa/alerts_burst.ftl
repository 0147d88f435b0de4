# Several new items for one alert in one round (a burst): one mail.
alerts-mail-several-subject = { $count ->
    [one] تازه: { $name } و یک مورد دیگر
   *[other] تازه: { $name } و { $count } مورد دیگر
}
alerts-mail-several-intro = { $count ->
    [one] یک مورد تازه با هشدار شما جور است:
   *[other] { $count } مورد تازه با هشدار شما جور است:
}
