# What a submission is, and why it was not approved (issue 31, the walk of the translator).
mod-what-translation = ترجمه به { $language }
account-not-approved-because = چرا تأیید نشد:
