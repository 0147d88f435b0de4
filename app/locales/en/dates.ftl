# "On these dates": a series that meets on days listed one by one (issue 30).
register-meet-on-dates = On these dates (write them below)
register-meet-dates = The dates you meet on
event-repeat-dates = On these dates (write them below)
event-form-dates = The dates
dates-hint = Day/month/year, for example 12/01/2027, 09/02/2027, 23/03/2027 (2027-01-12 works too). Put commas, spaces or a new line between them. At most 52, none already gone. With another choice above, these dates are added to it.
problem-too-many-dates = This lists { $given } dates; one event takes at most { $max }. Split them into two events, or choose a repeat such as every week.
problem-date-in-past = { $given } has already gone: give only dates from today on.
# A listing's revisions on its moderation page (issue 30).
mod-revision-change = { $field }: { $before } → { $after }
mod-revision-empty = (empty)
