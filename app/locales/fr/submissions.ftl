# What a submission is, and why it was not approved (issue 31, the walk of the translator).
mod-what-translation = Traduction : { $language }
account-not-approved-because = Pourquoi ce n’est pas approuvé :
translator-already-waiting = Une traduction ({ $language }) attend déjà un modérateur. Ce que vous envoyez maintenant attendra à côté, et le modérateur choisira.
