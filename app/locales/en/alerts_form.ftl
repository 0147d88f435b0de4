# The alerts form's lists and its confirmation (issue 32)
alerts-any-tag = Any activity
alerts-any-topic = Any topic
alerts-any-language = Any language
alerts-confirm-what = This link starts the alert asked for on this site:
alerts-confirm-used-title = This link has been used, or is too old
alerts-confirm-used-body = If you already pressed its button, your alert is on: every alert e-mail has a link to see or stop your alerts. If you did not, the request was forgotten after 48 hours.
alerts-confirm-ask-again = Ask for an alert again
alerts-started-keep = Below are your alerts. Keep this page's address to change or stop them; every alert e-mail also has this link.
alerts-mail-started-subject = Your alert has started
alerts-mail-started-body =
    Your alert has started:
    { $alert }

    We will e-mail you when something matching is published.
    See or change your alerts: { $manage }
    Stop this alert: { $stop }
