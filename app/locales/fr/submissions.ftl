# What a submission is, and why it was not approved (issue 31, the walk of the translator).
mod-what-translation = Traduction : { $language }
account-not-approved-because = Pourquoi ce n’est pas approuvé :
