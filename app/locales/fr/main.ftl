# Solidarity Atlas, français.

site-name = Solidarity Atlas
lang-code = fr
site-tagline = Trouvez près de chez vous des groupes de solidarité avec les migrant·es, des campagnes pour l'accès aux soins et des centres de signalement.
skip-to-content = Aller au contenu
language-switcher = Langue
nav-home = Accueil

## Types de fiches
kind-solidarity_group = Groupe de solidarité
kind-pnp_chapter = Antenne d'une campagne pour l'accès aux soins
kind-reporting_centre = Centre de signalement

## Accueil
home-heading = Groupes et lieux sur la carte
home-intro = Chaque fiche a été vérifiée par une personne bénévole de la modération. Les groupes choisissent la précision avec laquelle ils apparaissent.
filter-label = Filtrer par nom, type ou ville
filter-placeholder = p. ex. Sheffield
filter-submit = Filtrer
filter-clear = Tout afficher
listing-count = { $count ->
    [one] { $count } fiche
   *[other] { $count } fiches
}
filter-showing = { $shown } sur { $total }
listings-empty = Il n'y a pas encore de fiches.
listings-none-match = Rien ne correspond à « { $query } ». Essayez un mot plus court ou le nom d'une ville proche.
listing-in-town = à { $town }

## Erreurs
not-found-title = Page introuvable
not-found-body = Il n'y a pas de page à cette adresse. Elle a peut-être été déplacée, ou le lien contient une faute.
not-found-home = Aller à l'accueil
error-title = Une erreur s'est produite
error-body = Le problème vient de chez nous, pas de vous. Réessayez dans quelques minutes.

footer-sample-data = Les fiches de cette démonstration sont des données d'exemple fictives.

## Navigation
nav-listings = Annuaire
nav-map = Carte

## Annuaire
listings-title = Annuaire
listings-intro = Groupes, antennes de campagne et centres de signalement. Indiquez où vous êtes pour voir d'abord les plus proches.
near-label = Près de (ville, district postal ou code postal)
near-placeholder = p. ex. Sheffield, M14 ou SW1A 1AA
near-not-found = Nous n'avons pas trouvé « { $place } ». Essayez un nom de ville ou un district postal comme S1.
near-no-postcodes = Ce site n'a pas encore de liste de codes postaux, donc « { $place } » est introuvable. Essayez plutôt le nom de votre ville.
near-showing = Les plus proches de { $place } d'abord.
radius-label = Dans un rayon de
radius-any = toute distance
radius-km = { $km } km
kind-label = Type
kind-any = Tous les types
tag-label = Activité
tag-any = Toutes les activités
lang-label = Langue parlée
lang-any = Toutes les langues
filters-apply = Afficher les fiches
filters-reset = Effacer les filtres
listings-results = { $count ->
    [0] Aucune fiche ne correspond.
    [one] { $count } fiche correspond.
   *[other] { $count } fiches correspondent.
}
listings-empty-filtered = Rien ne correspond à ces filtres. Élargissez la distance ou effacez les filtres.
distance-km = à { $km } km
page-previous = Page précédente
page-next = Page suivante
page-position = Page { $page } sur { $pages }

## Une fiche
listing-where = Où
listing-precision-exact = Affiché à son adresse exacte (un bâtiment public).
listing-precision-approximate = Affiché de façon approximative, à environ 1 km près, au choix du groupe.
listing-precision-area = Affiché seulement par ville, au choix du groupe.
listing-address = Adresse
listing-meets = Quand
listing-accessibility = Accessibilité
listing-activities = Activités
listing-languages = Langues parlées
listing-contact = Contact
listing-website = Site web
listing-email = Courriel
listing-phone = Téléphone
listing-social = Réseaux sociaux
day-mon = Lundi
day-tue = Mardi
day-wed = Mercredi
day-thu = Jeudi
day-fri = Vendredi
day-sat = Samedi
day-sun = Dimanche
listing-confirmed = Activité confirmée pour la dernière fois le { $date }
listing-on-map = Voir sur la carte
listing-back = Retour à l'annuaire

## Carte
map-title = Carte
map-intro = Déplacez la carte ou indiquez où vous êtes ; la liste suit la carte.
map-locate = Utiliser ma position
map-locate-note = Votre position reste dans votre navigateur ; seule la zone de la carte est envoyée à ce site.
map-search = Chercher
map-legend = Légende
map-in-view = Sur la carte
map-in-view-count = { $count ->
    [one] { $count } fiche visible
   *[other] { $count } fiches visibles
}
map-loading = Chargement…
map-no-js = La carte a besoin de JavaScript. L'annuaire fonctionne sans.
map-zoom-in = Zoomez pour voir ces fiches

## Bibliothèque
nav-library = Bibliothèque
nav-search = Recherche
library-title = Bibliothèque
library-intro = Boîtes à outils, guides, fiches « connaître ses droits », modèles et enregistrements partagés par le mouvement.
library-count = { $count ->
    [0] Aucune ressource ne correspond.
    [one] { $count } ressource
   *[other] { $count } ressources
}
library-empty = Il n'y a pas encore de ressources ici.
library-by-kind = Par type
library-by-topic = Par thème
library-by-language = Par langue
library-all = Tout
resource-kind-toolkit = Boîte à outils
resource-kind-guide = Guide
resource-kind-know-your-rights = Connaître ses droits
resource-kind-template = Modèle
resource-kind-recording = Enregistrement
resource-kind-reading = Liste de lectures
resource-kind-other = Autre
resource-open = Ouvrir l'original
resource-published = Publié le { $date }
resource-by = Par { $publisher }
resource-topics = Thèmes
resource-languages = Langues
resource-print = Imprimer cette page
resource-back = Retour à la bibliothèque
resource-offline = Cette page est enregistrée sur cet appareil : vous pourrez la rouvrir sans connexion.

## Recherche
search-title = Recherche
search-label = Chercher dans la bibliothèque et l'annuaire
search-placeholder = p. ex. frais d'hôpital, centre de signalement
search-submit = Chercher
search-results = { $count ->
    [0] Aucun résultat.
    [one] { $count } résultat
   *[other] { $count } résultats
}
search-none = Rien trouvé pour « { $query } ». Vérifiez l'orthographe, essayez moins de mots ou parcourez la bibliothèque.
search-type-resource = Ressource
search-type-listing = Groupe ou lieu
search-filter-type = Afficher
search-type-all = Tout
