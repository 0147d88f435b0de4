# Several new items for one alert in one round (a burst): one mail.
alerts-mail-several-subject = { $count ->
    [one] New: { $name } and one more
   *[other] New: { $name } and { $count } more
}
alerts-mail-several-intro = { $count ->
    [one] Something new matches your alert:
   *[other] { $count } new items match your alert:
}
