# A mail names at most so many items (the nearest first); the rest are
# counted, with a link to see them.
alerts-mail-more = { $count ->
    [one] Un autre élément correspond à votre alerte.
   *[other] { $count } autres éléments correspondent à votre alerte.
} Tout voir près de { $place } : { $link }
alerts-mail-more-anywhere = { $count ->
    [one] Un autre élément correspond à votre alerte.
   *[other] { $count } autres éléments correspondent à votre alerte.
} Voir les nouveautés sur le site : { $link }
