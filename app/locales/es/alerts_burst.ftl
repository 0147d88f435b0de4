# Several new items for one alert in one round (a burst): one mail.
alerts-mail-several-subject = { $count ->
    [one] Nuevo: { $name } y uno más
   *[other] Nuevo: { $name } y { $count } más
}
alerts-mail-several-intro = { $count ->
    [one] Una novedad coincide con tu alerta:
   *[other] { $count } novedades coinciden con tu alerta:
}
