# A mail names at most so many items (the nearest first); the rest are
# counted, with a link to see them.
alerts-mail-more = { $count ->
    [one] And one more item matches your alert.
   *[other] And { $count } more items match your alert.
} See everything near { $place }: { $link }
alerts-mail-more-anywhere = { $count ->
    [one] And one more item matches your alert.
   *[other] And { $count } more items match your alert.
} See the newest on the site: { $link }
