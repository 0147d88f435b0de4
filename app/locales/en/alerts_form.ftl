# The alerts form's lists and its confirmation (issue 32)
alerts-any-tag = Any activity
alerts-any-topic = Any topic
alerts-any-language = Any language
alerts-confirm-what = This link starts the alert asked for on this site:
alerts-confirm-used-title = This link has been used, or is too old
alerts-confirm-used-body = If you already pressed its button, your alert is on: every alert e-mail has a link to see or stop your alerts. If you did not, the request was forgotten after 48 hours.
alerts-confirm-ask-again = Ask for an alert again
alerts-started-keep = Below are your alerts. Keep this page's address to see or stop them; every alert e-mail also has this link.
alerts-mail-started-subject = Your alert has started
alerts-mail-started-body =
    Your alert has started:
    { $alert }

    We will e-mail you when something matching is published.
    See or stop your alerts: { $manage }
    Stop this alert: { $stop }
alerts-line-listing = new groups and services
alerts-line-event = new events
alerts-line-resource = new resources
alerts-line-online = online only
alerts-line-in-person = in person only
alerts-line-language = in { $language }
alerts-line-instant = as they happen
alerts-line-weekly = once a week
alerts-stopped-already = The alert this link was for is already stopped: no more e-mails will come from it.
alerts-forget-note = Or stop every alert sent to this address and delete the address:
