# What a submission is, and why it was not approved (issue 31, the walk of the translator).
mod-what-translation = ترجمة إلى { $language }
account-not-approved-because = سبب عدم الموافقة:
translator-already-waiting = هناك ترجمة إلى { $language } تنتظر مشرفًا بالفعل. ما ترسله الآن ينتظر بجانبها، والمشرف يختار.
