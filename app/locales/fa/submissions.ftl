# What a submission is, and why it was not approved (issue 31, the walk of the translator).
mod-what-translation = ترجمه به { $language }
account-not-approved-because = چرا تأیید نشد:
translator-already-waiting = ترجمه‌ای به { $language } از قبل منتظر ناظر است. آنچه اکنون می‌فرستید کنار آن منتظر می‌ماند و ناظر انتخاب می‌کند.
