# What a submission is, and why it was not approved (issue 31, the walk of the translator).
mod-what-translation = Translation into { $language }
account-not-approved-because = Why it was not approved:
translator-already-waiting = A translation into { $language } is already waiting for a moderator. What you send now waits beside it, and the moderator chooses.
