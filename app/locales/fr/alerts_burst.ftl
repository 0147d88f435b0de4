# Several new items for one alert in one round (a burst): one mail.
alerts-mail-several-subject = { $count ->
    [one] Nouveau : { $name } et un autre
   *[other] Nouveau : { $name } et { $count } autres
}
alerts-mail-several-intro = { $count ->
    [one] Un nouvel élément correspond à votre alerte :
   *[other] { $count } nouveaux éléments correspondent à votre alerte :
}
