# What a submission is, and why it was not approved (issue 31, the walk of the translator).
mod-what-translation = Traducción: { $language }
account-not-approved-because = Por qué no se aprobó:
translator-already-waiting = Ya hay una traducción ({ $language }) esperando a un moderador. Lo que envíes ahora esperará a su lado, y el moderador elegirá.
