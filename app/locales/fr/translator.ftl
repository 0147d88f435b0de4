# Le rôle de traducteur et la vue côte à côte de la modération (ticket 31).
role-translator = traduction
problem-translators-only = Seules les personnes chargées de traduire peuvent traduire une fiche ou une ressource dont quelqu’un d’autre s’occupe.
translator-link = Traduire
translator-title = Traduire :
translator-back = Retour à la page
translator-intro = Écrivez le texte dans la langue choisie, avec l’original à côté de chaque champ. Seul le texte est à traduire : les liens, contacts et adresses restent ceux de l’original. Une personne de la modération vérifie votre traduction avant qu’elle soit affichée.
translator-choose = Traduire en
translator-show = Afficher ses champs
translator-original = Original ({ $language })
translator-submit = Envoyer la traduction
translator-account-title = Traduire
translator-account = Vous pouvez traduire toute fiche, activité ou ressource publiée : ouvrez sa page et choisissez « Traduire ».
translator-account-listings = Fiches
translator-account-library = Bibliothèque
translator-review-title = Traductions, côte à côte
translator-review-proposed = Proposée ({ $language })
