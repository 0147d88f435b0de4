sources-title = Sources suivies
sources-hint = D’autres annuaires que cet atlas suit : le flux Open Referral UK d’un autre atlas ou d’une collectivité, ou un fichier GeoJSON ou CSV publié par un réseau. Chacun est lu toutes les quelques heures ; ses fiches attendent dans la file de modération, avec leur provenance, sauf si la source est de confiance. Une fiche disparue de sa source est archivée ici.
sources-empty = Aucune source n’est suivie pour l’instant.
sources-name = Nom
sources-url = Adresse
sources-format = Format
sources-format-oruk = Open Referral UK (l’adresse de base de l’API)
sources-format-geojson = Fichier GeoJSON
sources-format-csv = Fichier CSV avec une ligne d’en-tête
sources-kind = Type pour les fiches dont nous ne connaissons pas le type
sources-trusted = De confiance : publier ses fiches sans modération (chacune reste dans le journal)
sources-trusted-yes = De confiance : publiée sans modération
sources-trusted-no = Modérée : les fiches attendent dans la file
sources-never-read = Pas encore lue.
sources-last-read = Dernière lecture le { $date } :
sources-outcome-read = une nouvelle copie, versée dans la file
sources-outcome-unchanged = rien n’avait changé
sources-outcome-failed = la lecture a échoué
sources-counts = Nouvelles { $new }, mises à jour { $updated }, inchangées { $unchanged }, archivées { $archived }, retenues { $held }, ignorées { $skipped }.
sources-records = { $count ->
    [one] { $count } fiche conservée de cette source.
   *[other] { $count } fiches conservées de cette source.
}
sources-problem = Ce qui n’a pas marché (la dernière bonne copie reste en place) :
sources-fetch-now = La lire maintenant
sources-add = Ajouter une source
sources-add-submit = Ajouter la source
sources-added = La source est ajoutée. Lisez-la maintenant, ou attendez la prochaine lecture prévue.
sources-fetched = La source a été lue.
sources-saved = La correspondance est enregistrée. La prochaine lecture l’applique à chaque fiche.
sources-mapping = Correspondance de ses mots avec les nôtres
sources-mapping-hint = Une par ligne : leur mot = le nôtre. Un mot associé à rien est retiré ; un mot sans correspondance est gardé tel quel (un type sans correspondance devient le type ci-dessus).
sources-mapping-kinds = Types
sources-mapping-tags = Étiquettes
sources-mapping-languages = Langues (nos codes : en, ar, fa, fr, es, …)
sources-save = Enregistrer la correspondance
sources-from = Provenance : { $source }
sources-from-link = sa fiche d’origine
problem-source-address = « { $given } » n’est pas une adresse que nous pouvons lire : donnez-en une qui commence par https:// ou http://.
problem-source-private-address = { $host } est dans un réseau privé : les sources ne sont lues que sur l’internet public, sauf si l’exploitant autorise les adresses privées (ATLAS_ALLOW_PRIVATE_FETCH).
problem-source-unreachable = Impossible de joindre { $host } : adresse inconnue ou pas de réponse à temps. Nous réessayons à la prochaine lecture.
problem-source-answered = Le serveur de la source a répondu par l’erreur { $status } au lieu de ses fiches.
problem-source-too-large = La source dépasse { $max } Ko, plus que ce que nous lisons d’un coup.
problem-source-too-many-records = La source compte { $given } fiches ; nous en suivons au plus { $max }.
problem-source-unreadable = La réponse de la source est illisible : { $detail }.
problem-source-name-taken = Une source s’appelle déjà « { $given } » : choisissez un autre nom.
problem-no-such-source = Cette source n’existe pas.
problem-mapping-line = « { $given } » n’est pas une ligne de correspondance : écrivez leur mot = le nôtre.
