# A mail names at most so many items (the nearest first); the rest are
# counted, with a link to see them.
alerts-mail-more = { $count ->
    [one] Otro elemento coincide con tu alerta.
   *[other] Otros { $count } elementos coinciden con tu alerta.
} Mira todo cerca de { $place }: { $link }
alerts-mail-more-anywhere = { $count ->
    [one] Otro elemento coincide con tu alerta.
   *[other] Otros { $count } elementos coinciden con tu alerta.
} Mira las novedades en el sitio: { $link }
