# Issue 32: following a group, complete (weekly digest, plain subject, new times, moved dates).
follow-weekly = Once a week: one mail on Monday morning with the week's news from every group you follow
follow-neutral = Use a plain subject line ("An update from a group you follow") that does not name the group
follow-mail-times-subject = { $name }: new times
follow-mail-times = New times: { $event }
follow-mail-date-moved = Moved: { $event }, { $when } is now { $to }
follow-digest-subject = { $count ->
    [one] One update from groups you follow
   *[other] { $count } updates from groups you follow
}
follow-digest-intro = This week at the groups you follow:
