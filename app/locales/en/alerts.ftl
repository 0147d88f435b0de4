# E-mail alerts (issue 32): "Tell me when…"
alerts-title = Tell me when something new is near
alerts-tell-me-when = Tell me when something new like this appears
alerts-off = E-mail alerts are not switched on on this site. The people who run it can switch them on.
alerts-intro = We send you an e-mail when a new group, event or resource is published that matches what you choose. No account is needed. You can stop at any time with one click.
alerts-email = Your e-mail address
alerts-email-hint = We send one e-mail first, to check it is yours. Nothing else is sent until you open its link.
alerts-where = Where
alerts-near = Town, postcode district or postcode
alerts-near-hint = Leave empty for anywhere. We keep only the district or town, never your address.
alerts-radius = Within
alerts-radius-option = { $km } km
alerts-what = What
alerts-wants-listing = New groups and services
alerts-wants-event = New events
alerts-wants-resource = New resources in the library
alerts-any-kind = Any kind
alerts-kind = Kind of group
alerts-tag = Activity
alerts-topic = Topic
alerts-lang = Language
alerts-lang-hint = Groups that speak it, events and resources in it.
alerts-how-often = How often
alerts-instant = As they happen
alerts-weekly = Once a week (Monday morning)
alerts-mail-lang = Language of the e-mails
alerts-neutral = Use a plain subject line ("New listings near you") that does not name this site
alerts-privacy = Your address is stored encrypted and used only for these alerts. Every e-mail has a link to stop it.
alerts-submit = Send me alerts
alerts-confirm-title = Start your alert
alerts-confirm-button = Yes, send me these alerts
alerts-stop-title = Stop this alert
alerts-stop-button = Stop this alert
alerts-manage-link = See all your alerts
alerts-manage-title = Your alerts
alerts-manage-none = The alert this link was for has been stopped. If you have other alerts, each of their e-mails has a link to them.
alerts-anywhere = Anywhere
alerts-place-within = Within { $km } km of { $place }
alerts-unconfirmed = not started yet
alerts-stop-this = Stop this one
alerts-forget-me = Stop all and forget me
alerts-done-requested-title = Check your e-mail
alerts-done-requested-body = If the address can receive mail, we have sent it a link. Your alert starts when you open it. If you do not open it within 48 hours, we forget the request.
alerts-done-confirmed-title = Your alert has started
alerts-done-confirmed-body = We will e-mail you when something matching is published. Every e-mail has a link to stop.
alerts-done-stopped-title = Alert stopped
alerts-done-stopped-body = You will get no more e-mails from this alert.
alerts-done-forgotten-title = All your alerts are deleted
alerts-done-forgotten-body = We no longer hold your address for alerts.
alerts-mail-confirm-subject = Please confirm your alert
alerts-mail-confirm-body =
    Someone asked for e-mail alerts to be sent to this address.
    The alert: { $alert }

    If it was you, open this link and press the button to start them:

    { $link }

    If it was not you, ignore this e-mail: nothing more will be sent, and the request is forgotten in 48 hours.
alerts-mail-subject = New: { $name }
alerts-mail-neutral-subject = New listings near you
alerts-mail-digest-subject = { $count ->
    [one] One new listing this week
   *[other] { $count } new listings this week
}
alerts-mail-neutral-digest-subject = Your weekly update
alerts-mail-intro = Something new matches your alert:
alerts-mail-digest-intro = { $count ->
    [one] One new item matched your alert this week:
   *[other] { $count } new items matched your alert this week:
}
alerts-mail-distance = { $km } km from { $place }
alerts-mail-footer =
    Your alerts: { $manage }
    Stop this alert: { $stop }
problem-alert-nothing-chosen = Choose at least one: groups and services, events, or resources.
problem-alerts-off = E-mail alerts are not switched on on this site.
