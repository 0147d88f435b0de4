# Issue 32: events alerts and "follow this group".
alerts-attend = How would you go to events?
alerts-attend-in_person = In person, near the place above
alerts-attend-online = Online, from anywhere
alerts-attend-both = Either
alerts-mail-online = online
alerts-mail-next = Next: { $when }
alerts-mail-when = { $date } at { $time }
follow-title = Follow this group
follow-intro = Get an e-mail when this group adds, cancels or moves dates, moves to another town or closes. No account is needed.
follow-submit = Follow this group
follow-following = Following { $name }
follow-mail-subject = { $what ->
    [new_series] { $name }: new dates
    [date] { $name }: a date has changed
    [moved] { $name } has moved
   *[closed] { $name } has closed
}
follow-mail-neutral-subject = An update from a group you follow
follow-mail-intro = News from a group you follow:
follow-mail-new-series = New dates: { $event }
follow-mail-date = { $status ->
    [cancelled] Cancelled
    [postponed] Postponed
   *[moved_online] Moved online
}: { $event }, { $when }
follow-mail-moved = It now meets in { $town }.
follow-mail-closed = It has closed and is no longer listed.
