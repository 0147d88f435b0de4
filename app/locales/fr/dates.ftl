# « À ces dates » : une série qui a lieu aux jours listés un par un (issue 30).
register-meet-on-dates = À ces dates (écrivez-les ci-dessous)
register-meet-dates = Les dates de vos rencontres
event-repeat-dates = À ces dates (écrivez-les ci-dessous)
event-form-dates = Les dates
dates-hint = Jour/mois/année, par exemple 12/01/2027, 09/02/2027, 23/03/2027 (2027-01-12 marche aussi). Séparez-les par des virgules, des espaces ou un retour à la ligne. Au plus 52, aucune déjà passée. Avec un autre choix ci-dessus, ces dates s’y ajoutent.
problem-too-many-dates = Cette liste a { $given } dates ; un événement en prend au plus { $max }. Répartissez-les en deux événements, ou choisissez une répétition comme chaque semaine.
problem-date-in-past = Le { $given } est déjà passé : ne donnez que des dates à partir d’aujourd’hui.
# Les révisions d’une fiche sur sa page de modération (issue 30).
mod-revision-change = { $field } : { $before } → { $after }
mod-revision-empty = (vide)
