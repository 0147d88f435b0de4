# Solidarity Atlas, français.

site-name = Solidarity Atlas
lang-code = fr
site-tagline = Trouvez près de chez vous des groupes de solidarité avec les migrant·es, des campagnes pour l'accès aux soins et des centres de signalement.
site-tagline-short = Groupes et aide pour les personnes migrantes, près de chez vous.
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
home-near-heading = Trouver des groupes près de chez vous
home-near-label = Ville, district postal ou code postal
home-near-placeholder = p. ex. Sheffield ou S1
home-near-submit = Chercher près de moi
home-near-map = Ou ouvrez la carte : elle peut utiliser votre position
home-search-heading = Chercher dans la bibliothèque et l’annuaire
home-join-heading = Ajouter votre groupe ou une ressource
home-join-text = Une personne bénévole de la modération vérifie tout avant publication.
home-share = Partager une ressource
home-kinds-heading = Sur la carte
home-recent-heading = Ajoutés récemment
home-all-listings = Toutes les fiches
home-resources-heading = Nouveau dans la bibliothèque
home-all-resources = Toute la bibliothèque
home-popular-heading = Les plus lus ce mois-ci
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
listing-in-town-region = à { $town } ({ $region })

## Erreurs
not-found-title = Page introuvable
not-found-body = Il n'y a pas de page à cette adresse. Elle a peut-être été déplacée, ou le lien contient une faute.
not-found-home = Aller à l'accueil
error-title = Une erreur s'est produite

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
near-unknown = Nous ne connaissons pas le lieu « { $place } ».
near-did-you-mean = Vouliez-vous dire :
near-everywhere = Ou afficher les résultats de partout
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
near-submit = Chercher
filters-more = Plus de filtres
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
# What the pagination's landmark is called (its own text says which page).
pagination = Pages

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
list-separator = { ", " }
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
listing-help-title = De l’aide près d’ici
listing-help-accompany = Groupes qui accompagnent les personnes au pointage, les plus proches de { $town } d’abord
listing-help-groups = Tous les groupes à moins de 25 km de { $town }
listing-help-guides = Guides pour les personnes qui pointent : vos droits, quoi apporter, ce qui se passe
listing-directions = Itinéraire
listing-directions-app = dans votre application de cartes
listing-back = Retour à l'annuaire

## Carte
map-title = Carte
map-intro = Déplacez la carte ou indiquez où vous êtes ; la liste suit la carte.
map-locate = Utiliser ma position
map-locate-note = « Utiliser ma position » arrondit votre position à environ 5 km dans votre navigateur avant tout envoi à ce site, et ne la met jamais dans l’adresse de la page.
map-search = Chercher
map-legend = Légende
map-in-view = Sur la carte
map-in-view-count = { $count ->
    [one] { $count } fiche visible
   *[other] { $count } fiches visibles
}
map-loading = Chargement…
map-no-js = La carte a besoin de JavaScript. L'annuaire fonctionne sans.
map-picture-alt = Une carte de cette vue, avec un point ou un nombre pour chaque fiche ou groupe de fiches.
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

## Participer
nav-register = Inscrire votre groupe
nav-sign-in = Se connecter
nav-account = Votre compte
lockdown-banner = Par sécurité, les lieux et la carte sont masqués pour le moment. La bibliothèque de ressources reste ouverte.

## Formulaires
form-errors-title = Merci de vérifier ces champs
form-required = (obligatoire)

## Inscrire votre groupe
register-title = Inscrire votre groupe
register-intro = Mettez votre groupe sur la carte en quelques minutes. Sans compte : nous vous envoyons un lien de confirmation, puis une personne bénévole de la modération vérifie avant que quiconque le voie.
register-name = Nom du groupe
register-kind = Type de groupe
register-summary = Une phrase sur ce que vous faites
register-summary-hint = Affichée dans les listes et les résultats de recherche.
register-description = Plus d'informations sur le groupe
register-description-hint = Facultatif. Les adresses web écrites ici deviennent des liens.
register-where = Où
register-town = Ville, ou première partie d'un code postal
register-town-hint = Par exemple Rotherham ou S60. Ce nom est affiché publiquement.
register-picker = Carte : cliquez pour placer le groupe
register-picker-hint = Ou cliquez sur la carte pour placer le groupe. La précision affichée dépend de votre choix ci-dessous.
register-precision = Avec quelle précision la carte doit-elle vous montrer ?
register-precision-area = Seulement la ville (le plus sûr : conseillé pour la plupart des groupes)
register-precision-approximate = Approximativement, à environ 1 km près
register-precision-exact = L'adresse exacte (seulement pour les bâtiments publics, jamais là où des personnes vivent)
register-address = Adresse
register-address-hint = Seulement pour les bâtiments publics affichés à leur adresse exacte.
register-region = Région
register-latitude = Latitude
register-latitude-hint = En degrés décimaux, par ex. 53.43. Laissez vide pour utiliser le centre de la ville.
register-longitude = Longitude
register-meets = Autre chose sur vos horaires
register-meets-hint = Facultatif. Par exemple : pas en août, ou « appelez d’abord ».
register-meet-legend = Votre rencontre régulière
register-meet-hint = Facultatif. Si vous vous retrouvez à heure fixe, choisissez-la ici : une fois votre groupe approuvé par un modérateur, elle apparaît dans l’agenda.
register-meet-none = Pas d’horaire régulier
register-meet-day = Jour
register-meet-repeat = Fréquence
register-meet-weekly = Chaque semaine
register-meet-fortnightly = Une semaine sur deux
register-meet-monthly-1 = Le premier du mois (par exemple le premier samedi)
register-meet-monthly-2 = Le deuxième du mois
register-meet-monthly-3 = Le troisième du mois
register-meet-monthly-4 = Le quatrième du mois
register-meet-monthly-last = Le dernier du mois
register-languages = Langues parlées dans le groupe
register-languages-codes = Codes de langue séparés par des virgules, par ex. en, ar, fa.
register-other-languages = Autres langues
register-other-languages-hint = D’autres langues, par leur nom, séparées par des virgules : par exemple Pashto, Somali.
register-tags = Activités
register-tags-hint = Séparées par des virgules, par ex. conversation en anglais, football.
register-accessibility = Accessibilité
register-website = Site web
register-phone = Téléphone
register-phone-hint = Un numéro au Royaume-Uni, par exemple 0114 496 0000 ou 07700 900123.
register-channels = Comment vous rejoindre
register-channels-hint = Tout est facultatif. Chacun n’apparaît sur votre page publique que si vous cochez « Afficher publiquement » en dessous. Ne donnez jamais un numéro personnel qui pourrait mettre quelqu’un en danger.
register-show-publicly = Afficher publiquement
register-whatsapp = Lien d’invitation au groupe WhatsApp
register-whatsapp-hint = Dans WhatsApp : nom du groupe › Inviter via un lien › Copier le lien. Il commence par https://chat.whatsapp.com/
register-signal = Lien du groupe Signal
register-signal-hint = Dans Signal : nom du groupe › Lien du groupe › Partager › Copier. Il commence par https://signal.group/
register-telegram = Groupe ou chaîne Telegram
register-telegram-hint = Son lien d’invitation, qui commence par https://t.me/
listing-join-whatsapp = Rejoindre le groupe WhatsApp
listing-join-signal = Rejoindre le groupe Signal
listing-join-telegram = Rejoindre sur Telegram
problem-not-uk-phone = « { $given } » n’est pas un numéro de téléphone du Royaume-Uni. Écrivez-le comme 0114 496 0000, 07700 900123 ou +44 7700 900123.
problem-not-invite-link = « { $given } » n’est pas un lien d’invitation { $app ->
        [whatsapp] WhatsApp
        [signal] Signal
       *[telegram] Telegram
    }. Copiez le lien depuis l’application : il commence par { $app ->
        [whatsapp] https://chat.whatsapp.com/
        [signal] https://signal.group/
       *[telegram] https://t.me/
    }
problem-not-ticked-to-publish = Vous avez donné ceci sans cocher « Afficher publiquement » en dessous. Cochez-le pour l’afficher sur votre page, ou videz le champ : nous ne gardons que ce que la page montre.
register-public-email = E-mail public
register-social = Liens vers les réseaux sociaux
register-social-hint = Adresses web, séparées par des virgules : un lien d’invitation WhatsApp, Signal ou Telegram, une page Facebook ou Instagram.
register-contact = Comment vous joindre
register-contact-email = Votre adresse e-mail
register-contact-email-hint = Nous y envoyons le lien de confirmation. Elle n'est pas affichée publiquement, sauf si vous cochez la case ci-dessous.
register-show-email = Afficher cette adresse publiquement sur la fiche
register-moderation-note = Une personne de la modération vérifie chaque envoi avant sa publication. Nous vous écrirons quand il sera publié.
register-submit = Envoyer pour vérification

## Partager une ressource
share-title = Partager une ressource
share-intro = Proposez une boîte à outils, un guide, une fiche sur vos droits, un modèle ou un enregistrement pour la bibliothèque. La modération vérifie d'abord.
share-resource-title = Titre
share-kind = Type de ressource
share-url = Lien
share-url-hint = Où la lire ou la télécharger, commençant par https://
share-body = Texte
share-topics = Thèmes
share-publisher = Qui l'a publiée
share-contact-email-hint = Nous y envoyons le lien de confirmation. Elle n'est jamais affichée publiquement.
share-submit = Envoyer pour vérification

## Après un formulaire
thanks-registered-title = Consultez vos e-mails
thanks-registered-body = Nous vous avons envoyé un lien. Ouvrez-le dans les 48 heures pour transmettre votre groupe à la modération. Rien n'est public avant son accord.
thanks-without-mail-title = Merci : c’est bien arrivé
thanks-without-mail-body = Ce site n’envoie pas encore de courriel, il n’y a donc pas de lien à ouvrir : un modérateur bénévole trouvera votre envoi et le vérifiera. Rien n’est public avant son approbation.
event-form-venue-town-hint = Ou son code postal. Sans la carte, l’événement est affiché dans cette ville.
mod-archive-title = Retirer de la carte
mod-approved-published = Approuvé et publié.
mod-approved-see = Le voir
thanks-shared-title = Consultez vos e-mails
thanks-shared-body = Nous vous avons envoyé un lien. Ouvrez-le dans les 48 heures pour transmettre la ressource à la modération.
thanks-confirmed-title = Merci
thanks-confirmed-body = Votre envoi est entre les mains de la modération. Nous vous écrirons quand une décision sera prise.
thanks-sign-in-title = Consultez vos e-mails
thanks-sign-in-body = Si cette adresse correspond à un compte, un lien de connexion est en route. Il fonctionne une fois, pendant une heure.
thanks-message-title = Message envoyé
thanks-message-body = Nous avons transmis votre message au groupe. Il vous répondra à votre adresse e-mail s'il le peut.
thanks-report-title = Merci de nous avoir prévenus
thanks-report-body = Une personne de la modération va examiner cette fiche.
thanks-claim-title = Consultez vos e-mails
thanks-claim-body = Nous vous avons envoyé un lien. Ouvrez-le dans les 48 heures ; la modération décidera ensuite si vous pouvez gérer cette fiche.
thanks-edit-title = Modifications envoyées
thanks-edit-body = La modération va vérifier vos modifications. En attendant, la fiche reste inchangée.
thanks-deleted-title = Votre compte est supprimé
thanks-deleted-body = Votre compte, les fiches que vous étiez seul·e à gérer et tout ce que vous nous avez envoyé ont été supprimés.
thanks-still-active-title = Merci
thanks-still-active-body = La fiche est marquée comme toujours active.

## Connexion et liens par e-mail
login-title = Se connecter
login-intro = Saisissez votre adresse e-mail et nous vous enverrons un lien de connexion. Pas de mot de passe.
login-email = Adresse e-mail
login-submit = M'envoyer un lien
login-confirm-title = Se connecter à Solidarity Atlas
login-submit-link = Se connecter
confirm-title = Confirmez votre envoi
confirm-submit = Confirmer et transmettre à la modération
still-active-title = Le groupe est-il toujours actif ?
still-active-submit = Oui, nous sommes toujours actifs

## Votre compte
account-title = Votre compte
account-signed-in-as = Connecté·e en tant que { $email }
account-moderate = Aller à la file de modération
account-listings = Fiches que vous gérez
account-no-listings = Vous ne gérez encore aucune fiche.
account-view = voir
account-edit = modifier
account-submissions = Ce que vous avez envoyé
account-no-submissions = Rien pour l'instant.
account-your-data = Vos données
account-export = Télécharger tout ce que nous détenons sur vous (JSON)
account-delete-confirm = Je comprends que cela supprime mon compte, les fiches que je suis seul·e à gérer et tout ce que j'ai envoyé
account-delete = Supprimer mon compte
account-sign-out = Se déconnecter
status-unconfirmed = en attente du lien par e-mail
status-pending = en attente de la modération
status-approved = approuvé
status-rejected = non approuvé
status-published = publiée
status-archived = archivée
edit-title = Modifier la fiche
edit-intro = Vos modifications sont transmises à la modération. La fiche reste telle quelle jusqu'à son accord.
edit-not-yours = Vous ne pouvez modifier que les fiches que vous gérez.
edit-submit = Envoyer les modifications pour vérification

## Contacter, signaler, revendiquer
listing-back-to-listing = Retour à la fiche
contact-title = Écrire à { $name }
contact-intro = Nous transmettons votre message par e-mail. L'adresse du groupe ne vous est pas montrée ; la vôtre lui est montrée pour qu'il puisse répondre.
contact-your-name = Votre nom
contact-your-email = Votre adresse e-mail
contact-your-email-hint = Le groupe répondra à cette adresse.
contact-message = Votre message
contact-submit = Envoyer le message
report-title = Signaler un problème avec { $name }
report-intro = Dites à la modération ce qui ne va pas. Vous n'avez pas besoin de donner votre nom.
report-category = Qu'est-ce qui ne va pas ?
report-category-wrong = Les informations sont fausses
report-category-closed = Le groupe a fermé
report-category-unsafe = Cette fiche met des personnes en danger
report-category-duplicate = Elle apparaît en double
report-message = Détails
report-message-hint = Facultatif.
report-submit = Envoyer le signalement
claim-title = Gérer { $name }
claim-intro = Vous faites partie de ce groupe ? Demandez à gérer sa fiche pour la tenir à jour. La modération décide.
claim-email-hint = Nous y envoyons un lien de confirmation. Elle n'est pas affichée publiquement.
claim-message = Quel est votre lien avec le groupe ?
claim-message-hint = Cela aide la modération à décider.
claim-submit = Demander à gérer cette fiche
listing-contact-form = Leur écrire
listing-report = Signaler un problème
listing-claim = C'est votre groupe ?
listing-may-be-inactive = Ce groupe n'a pas confirmé depuis plus de 15 mois qu'il est toujours actif.

## Dates
date-format = { $day } { $month } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
map-zoom-in-button = Zoomer
map-zoom-out-button = Dézoomer


## Moderation and admin pages
mod-published = Publiée le (AAAA-MM-JJ)
mod-nav = Modération
mod-queue = File
mod-log = Journal
mod-admin = Administration
mod-queue-title = File de modération
mod-filter-all = Tout
mod-filter-listings = Fiches
mod-filter-resources = Ressources
mod-waiting = En attente de décision ({ $count })
mod-nothing-waiting = Rien n'attend. Merci.
mod-col-sent = Envoyé
mod-col-what = Quoi
mod-col-name = Nom
mod-what-create-listing = Nouvelle fiche
mod-what-edit-listing = Modification d'une fiche
mod-what-claim-listing = Demande de gestion d'une fiche
mod-what-create-resource = Nouvelle ressource
mod-what-edit-resource = Modification d'une ressource
mod-what-claim-resource = Demande de gestion d'une ressource
mod-reports = Signalements ({ $count })
mod-no-reports = Aucun signalement ouvert.
mod-note = Note
mod-close-report = Clore le signalement
mod-submission-title = Envoi
mod-status = Statut :
mod-sent-by = envoyé le { $date } par { $email }
mod-region = région { $region }
mod-reason-given = Raison donnée :
mod-duplicates = Doublons possibles
mod-listing-archived = Cette fiche est archivée. Approuver cette modification la laisse archivée : elle reste cachée au public.
mod-km-away = à environ { $km } km
mod-what-changes = Ce qui change
mod-col-field = Champ
mod-col-now = Actuel
mod-col-proposed = Proposé
mod-approve = Approuver
mod-correct-hint = Vous pouvez corriger la fiche avant de l'approuver.
mod-approve-submit = Approuver et publier
mod-reject = Refuser
mod-reject-reason = Raison (envoyée à l'expéditeur)
mod-history-title = Historique de la fiche
mod-public-page = page publique
mod-archive-reason = Pourquoi l'archiver ?
mod-archive-submit = Archiver (retirer de la carte)
mod-correct-title = Corriger cette fiche
mod-correct-listing-hint = Changez ce qui est faux et dites pourquoi : la fiche change tout de suite, avec une révision et une ligne dans le journal.
mod-correct-reason = Ce qui était faux
mod-correct-reason-hint = Par exemple : « le lieu était faux, signalé par le groupe ». Gardé dans le journal.
mod-correct-submit = Enregistrer la correction
mod-correct-from-report = Corriger la fiche
mod-revisions = Versions ({ $count })
mod-record = Contenu
mod-log-empty = Rien ne s'est encore passé.
mod-col-when = Quand
mod-col-who = Qui
mod-col-on = Sur
mod-col-why = Pourquoi
mod-pages = Pages
mod-next = Page suivante
mod-previous = Page précédente
mod-newer = Plus récent
mod-older = Plus ancien
admin-lockdown = Confinement
admin-lockdown-on = Le confinement est ACTIF : aucun lieu, aucune carte ni fiche n'est montré au public. La bibliothèque reste ouverte.
admin-lockdown-off = Le confinement est inactif. Activez-le pour masquer d'un coup tous les lieux et la carte, par exemple lors d'une mobilisation d'extrême droite.
admin-reason = Raison (gardée dans le journal)
admin-lockdown-end = Terminer le confinement
admin-lockdown-start = Activer le confinement
admin-outbox = Boîte d'envoi
admin-outbox-hint = Tous les e-mails envoyés par le site, du plus récent au plus ancien. Sans serveur SMTP configuré (ATLAS_SMTP_URL), le courrier attend ici d'être lu.
problem-no-mail-server = Ce site n’a pas encore de serveur de courrier. Réglez ATLAS_SMTP_URL et redémarrez-le ; le courrier en attente ici sera alors envoyé.
problem-no-such-mail = Ce message n’est pas dans la boîte d’envoi.
problem-mail-not-delivered = Le serveur de courrier ne l’a pas accepté : { $reason }. Il reste dans la boîte d’envoi et un nouvel essai a lieu chaque heure.
admin-send-now = Envoyer maintenant
admin-send-again = Renvoyer (ses liens ont été coupés à l’envoi)
admin-mail-failed = Le dernier essai a échoué :
admin-no-mail = Aucun e-mail pour l'instant.
admin-sent = envoyé
admin-not-sent = non envoyé

## E-mails
mail-confirm-subject = Merci de confirmer votre envoi à Solidarity Atlas
mail-confirm-body =
    Bonjour,

    Quelqu'un (vous, nous l'espérons) a envoyé une proposition à Solidarity Atlas avec cette adresse.

    Pour le transmettre à la modération, ouvrez ce lien dans les 48 heures :

    { $link }

    Si ce n'était pas vous, ignorez ce message : rien ne sera publié.
mail-approved-subject = Votre envoi à Solidarity Atlas a été approuvé
mail-approved-body =
    Bonjour,

    « { $title } » a été approuvé par la modération et figure maintenant sur Solidarity Atlas.

    Merci.
mail-rejected-subject = Votre envoi à Solidarity Atlas
mail-rejected-body =
    Bonjour,

    La modération n'a pas approuvé « { $title } » pour Solidarity Atlas.

    Sa raison : { $reason }

    Vous pouvez l'envoyer à nouveau.
mail-sign-in-subject = Votre lien de connexion à Solidarity Atlas
mail-sign-in-body =
    Bonjour,

    Pour vous connecter à Solidarity Atlas, ouvrez ce lien dans l'heure :

    { $link }

    Si vous ne l'avez pas demandé, ignorez ce message : personne ne peut se connecter sans le lien.

## People (admin page)
admin-people = Personnes
admin-people-email = Adresse e-mail
admin-people-role = Rôle
admin-people-regions = Régions
admin-people-regions-hint = Pour la modération : les régions suivies, séparées par des virgules. Vide : partout.
admin-people-submit = Enregistrer
role-admin = administration
role-moderator = modération
role-organiser = organisation
mail-reminder-subject = { $name } est-il toujours actif ?
mail-reminder-body =
    Bonjour,

    « { $name } » est sur Solidarity Atlas depuis un an sans mise à jour. Si le groupe est toujours actif, ouvrez ce lien et appuyez sur le bouton :

    { $link }

    Sans cela, dans trois mois, la fiche sera marquée « n'est peut-être plus actif ».
mail-relay-subject = Message pour { $group } via Solidarity Atlas
mail-relay-body =
    { $name } <{ $email }> a envoyé ce message à « { $group } » via Solidarity Atlas. Répondez à cet e-mail pour lui répondre. Votre propre adresse ne lui a pas été montrée.

    ----
    { $message }

## Problems
problem-required = Ce champ est obligatoire.
problem-too-long = Ce texte fait { $given } caractères ; { $max } au maximum sont acceptés.
problem-too-many-entries = Ce champ a { $given } entrées ; { $max } au maximum sont acceptées.
problem-entry-too-long = « { $entry } » est trop long : chaque entrée fait au plus { $max } caractères.
problem-language-code = « { $entry } » n’est pas une langue que nous connaissons. Écrivez son nom en anglais (comme Pashto) ou son code à deux lettres (comme ps).
problem-language-needed = Indiquez au moins une langue, par exemple fr.
problem-not-web-link = « { $given } » n’est pas une adresse web. Elle doit commencer par https://
problem-slug-length = Le nom d’adresse doit faire de 1 à { $max } caractères.
problem-slug-characters = « { $given } » ne peut contenir que a-z, 0-9 et des tirets simples, ni au début ni à la fin (par exemple sheffield-walking-group).
problem-unknown-kind = « { $given } » ne fait pas partie des types : { $known }.
problem-unknown-precision = « { $given } » ne fait pas partie des précisions : { $known }.
problem-unknown-choice = « { $given } » ne fait pas partie des choix : { $known }.
problem-unknown-time-zone = « { $given } » n’est pas un fuseau horaire connu ; écrivez-le comme Europe/London.
problem-not-local-time = « { $given } » n’est pas une date et une heure ; écrivez-la comme 2027-03-04T18:30 (ou 2027-03-04 pour toute la journée).
problem-end-before-start = La fin doit venir après le début.
problem-event-too-long = Une occurrence dure au plus { $max } jours ; pour plus long, ajoutez un événement qui se répète.
problem-bad-recurrence = « { $given } » n’est pas une règle de répétition comprise ; écrivez-la comme FREQ=WEEKLY;BYDAY=TU.
problem-repeats-too-often = Un événement se répète au plus une fois par jour : choisissez chaque jour, semaine, mois ou année (au plus 1 000 fois), et donnez l’heure dans le début.
problem-date-out-of-range = « { $given } » est trop loin dans le passé ou l’avenir ; donnez une date entre { $first } et { $last }.
problem-online-needs-link = Un événement en ligne a besoin de son lien (https://…).
problem-venue-needs-place = Un événement dans son propre lieu a besoin de la ville et du point du lieu.
problem-exact-venue-must-be-public = Un lieu ne peut être montré exactement que s’il s’agit d’un bâtiment public. Ne donnez jamais l’adresse d’un hôtel ou d’un foyer où des personnes sont logées.
problem-coordinates-out-of-range = La latitude doit être entre -90 et 90 et la longitude entre -180 et 180.
problem-coordinates-incomplete = Donnez la latitude et la longitude, ou aucune des deux.
problem-not-a-number = « { $given } » n’est pas un nombre comme 53.38.
problem-address-needs-exact = Une adresse n’est conservée que pour les bâtiments publics affichés à leur adresse exacte. Supprimez-la ou choisissez l’adresse exacte.
problem-nested-too-deep = Ce texte imbrique citations, listes ou parenthèses sur { $depth } niveaux ; { $max } au maximum sont acceptés.
problem-not-email = « { $given } » n’est pas une adresse e-mail.
problem-not-phone = « { $given } » n’est pas un numéro de téléphone (chiffres, espaces et + - ( ) seulement).
problem-not-date = « { $given } » n’est pas une date comme 2026-01-31.
problem-too-many-meetings = Ce champ a { $given } rencontres par semaine ; { $max } au maximum sont acceptées.
problem-bad-meeting = { $day } { $start }–{ $end } : indiquez un jour (mon … sun) et des heures comme 18:00, le début avant la fin.
problem-hidden-character = Ce texte contient un caractère invisible ({ $code_point }) qui change l’affichage du texte. Retapez-le sans ce caractère.
problem-place-not-found = { $count ->
        [0] Nous n’avons pas trouvé « { $place } ». Essayez une ville proche ou la première partie d’un code postal (comme S1).
       *[other] Nous n’avons pas trouvé « { $place } ». Vouliez-vous dire : { $suggestions } ?
    }
problem-not-for-this-kind = C’est un bâtiment public, pas un groupe : personne n’y répond aux messages, il ne peut pas être revendiqué et il n’a pas d’événements. Sa page renvoie vers des groupes proches qui peuvent aider.
problem-point-far-from-town = Le point sur la carte est à { $km } km de { $town }, à plus de { $max } km. Déplacez l’épingle dans { $town }, ou changez la ville pour celle où le groupe se réunit.
problem-outside-coverage = Ce point est en dehors du Royaume-Uni et de l’Irlande, que couvre cette carte.
problem-contact-email = Saisissez une adresse e-mail à laquelle envoyer le lien de confirmation, comme nom@example.org.
problem-your-email = Saisissez votre adresse e-mail, comme nom@example.org.
problem-reply-email = Saisissez votre adresse e-mail, pour que le groupe puisse vous répondre.
problem-person-email = Saisissez l’adresse e-mail de la personne, comme nom@example.org.
problem-message-length = Écrivez entre 10 et 5 000 caractères.
problem-confirm-delete = Cochez la case pour confirmer que vous voulez tout supprimer.
problem-reason-for-audit = Dites pourquoi, pour le journal d’audit.
problem-reason-for-sender = Dites pourquoi, pour que l’expéditeur puisse corriger.
problem-report-category = Choisissez ce qui ne va pas dans cette fiche.
problem-choose-role = Choisissez admin, moderator, translator ou organiser.
problem-on-or-off = Choisissez activé ou désactivé.
problem-too-fast = Cela a été envoyé très vite. Si votre navigateur a rempli le formulaire pour vous, pas de problème : vérifiez ce qu’il a rempli et envoyez-le à nouveau.
problem-form-too-old = Ce formulaire a été ouvert il y a plus d’un jour. Vérifiez votre saisie et envoyez-le à nouveau.
problem-form-already-sent = Ce formulaire a déjà été envoyé une fois. Pour l’envoyer de nouveau, vérifiez votre saisie ci-dessous et envoyez-la.
problem-record-unreadable = Cet enregistrement est illisible. Prévenez les administrateurs du site.
problem-no-such-page = Il n'y a pas de page à cette adresse. Elle a peut-être été déplacée, ou le lien contient une faute.
problem-no-such-listing = Cette fiche n’existe pas.
problem-no-such-submission = Cette demande n’existe pas.
problem-no-such-report = Ce signalement est déjà clos ou n’existe pas.
problem-no-reply-address = Ce groupe n’a pas donné d’adresse pour les messages.
problem-link-expired = Ce lien a expiré ou a déjà servi. Renvoyez le formulaire si nécessaire.
problem-sign-in-link-expired = Ce lien de connexion a expiré ou a déjà servi. Demandez-en un nouveau.
problem-submission-gone = Cette demande n’existe plus.
problem-not-your-listing = Vous ne pouvez modifier que les fiches dont vous vous occupez.
problem-outside-your-regions = Ceci est, ou serait, dans une région que vous ne modérez pas.
problem-admins-only = Seuls les administrateurs peuvent faire cela.
problem-only-admin = Vous êtes le seul administrateur. Nommez d’abord quelqu’un d’autre administrateur.
problem-decided-meanwhile = Quelqu’un d’autre a décidé entre-temps.
problem-slug-taken = Une fiche nommée { $slug } existe déjà.
problem-not-waiting = Ceci n’attend pas de décision.
problem-too-many-mails-to-address = Nous avons envoyé plusieurs messages à cette adresse dans l’heure. Attendez une heure, puis réessayez.
problem-too-many-posts = Trop de formulaires ont été envoyés depuis votre connexion dans l’heure. Réessayez plus tard.
problem-not-a-form = Envoyez ceci comme un formulaire HTML.
problem-form-too-large = Ce formulaire est bien plus long que ce qu’un champ accepte. Raccourcissez le texte et envoyez-le à nouveau.
problem-too-many-fields = Ce formulaire a bien plus de champs que les nôtres. Rechargez la page et envoyez-le à nouveau.
problem-form-expired = Pour votre sécurité, nous n’avons pas accepté ce formulaire : il est ancien ou vient d’un autre site. Revenez en arrière, rechargez la page et envoyez-le à nouveau.
problem-sign-in-first = Connectez-vous d’abord, puis réessayez.
problem-not-allowed-here = Votre compte ne donne pas accès à ceci.
problem-sign-in-unavailable = Nous ne pouvons pas vérifier votre connexion pour le moment. Réessayez dans une minute.
problem-not-saved = Nous n’avons pas pu enregistrer ceci pour le moment. Rien n’est perdu de votre côté : revenez en arrière et renvoyez-le dans une minute.

## Refusal pages
refusal-check-form = Vérifiez le formulaire
refusal-not-allowed = Non autorisé
refusal-not-found = Introuvable
refusal-already-done = Déjà fait
refusal-link-gone = Ce lien ne fonctionne plus
refusal-wait = Patientez
refusal-try-again = Réessayez
refusal-sign-in = Connectez-vous
refusal-form-expired = Ce formulaire a expiré
refusal-back-home = Retour à Solidarity Atlas
problem-fault = Le problème vient de chez nous, pas de vous. Réessayez dans quelques minutes.

## Link previews
preview-directory = Tous les groupes, antennes de campagne et centres de pointage de l’annuaire, les plus proches d’abord quand vous donnez une ville ou un code postal.
preview-map = Une carte des groupes de solidarité avec les migrants, des campagnes pour l’accès aux soins et des centres de pointage au Royaume-Uni et en Irlande.
preview-library = Boîtes à outils, guides, fiches « connaître ses droits » et modèles du mouvement, en plusieurs langues.
preview-search = Cherchez parmi les groupes et dans la bibliothèque de guides et boîtes à outils.
preview-register = Mettez votre groupe sur la carte. Une personne modératrice vérifie chaque fiche avant sa publication, et vous choisissez la précision de son emplacement.
preview-share = Partagez une boîte à outils, un guide ou une fiche « connaître ses droits » avec le mouvement.
preview-listing = { $kind } à { $town }.

# What's on
nav-events = Agenda
events-title = Agenda
events-intro = Activités, réunions, formations et festivals des groupes de l’annuaire. Tout est gratuit sauf mention contraire.
preview-events = Activités hebdomadaires, formations, webinaires et festivals près de chez vous, par des groupes de solidarité locaux.
events-today = Aujourd’hui
events-this-week = Cette semaine
events-later = Plus tard
events-empty = Rien pour ces dates et ces filtres. Essayez une distance plus grande ou moins de filtres.
events-radius = Distance
event-distance = { $km } km
events-category = Type d’événement
events-any-category = Tous les types
events-language = Langue
events-any-language = Toutes les langues
events-only = Seulement
events-online-only = En ligne
events-in-person-only = En personne
events-free = Gratuit
events-step-free = Accès sans marches
events-women = Pour les femmes
events-filter-submit = Afficher les événements
events-subscribe = S’abonner dans votre agenda
events-download = Télécharger (.ics)
events-near-heading = Agenda près de { $place }, les dates les plus proches d’abord
events-within = À moins de { $km } km de { $place }
events-within-online = À moins de { $km } km de { $place }, et les événements en ligne
events-change-radius = modifier
events-feed-intro = Votre agenda peut suivre cette liste, avec les filtres choisis, et afficher les nouvelles dates tout seul. Copiez-y cette adresse :
events-feed-address = Adresse de l’agenda
events-feed-google = Google Agenda : sur un ordinateur, ouvrez calendar.google.com, puis « Autres agendas » → « + » → « À partir de l’URL », collez l’adresse et choisissez « Ajouter un agenda ».
events-feed-android = Téléphone Android : ajoutez-la à Google Agenda comme ci-dessus ; elle apparaît ensuite dans l’agenda du téléphone (l’application elle-même ne peut pas ajouter d’adresse).
events-feed-apple = Calendrier Apple (iPhone, iPad, Mac) : touchez le lien ci-dessous, ou allez dans Réglages → Calendrier → Comptes → Ajouter un compte → Autre → Ajouter un calendrier avec abonnement et collez l’adresse.
events-feed-outlook = Outlook : « Ajouter un calendrier » → « S’abonner à partir du web », collez l’adresse ; ou utilisez le lien ci-dessous.
events-feed-open = Ouvrir dans Calendrier Apple ou Outlook
events-download-once = (une fois : ces dates, sans mises à jour)
copy-button = Copier
copy-done = Copié
copy-selected = Sélectionné : copiez-le avec le menu de votre téléphone
events-more = Dates suivantes
event-all-day = Toute la journée
event-time-range = { $start }–{ $end }
event-date-time = { $date }, { $time }
event-status-cancelled = Annulé
event-status-postponed = Reporté
event-status-moved-online = Passé en ligne
event-online = En ligne
event-hybrid = Sur place et en ligne
event-back = ← Agenda
event-next-dates = Prochaines dates
event-no-dates = Aucune date à venir.
event-add-to-calendar = Ajouter à votre agenda
event-where = Où
event-online-link = Rejoindre en ligne
event-organised-by = Organisé par
event-cost = Prix
event-cost-free = Gratuit
event-cost-donation = Don si vous pouvez
event-cost-price = Payant
event-audience = Pour qui
event-how-to-join = Comment participer
event-join-turn-up = Venez simplement.
event-join-register = Inscrivez-vous d’abord avec le formulaire de contact du groupe.
event-join-link = S’inscrire sur la page de l’organisateur
listing-next-dates = Prochaines dates
listing-no-dates = Aucune date pour l’instant.
listing-all-dates = Toutes les dates
home-whats-on-heading = Bientôt
home-all-events = Tout l’agenda
event-category-regular_activity = Activité régulière
event-category-meeting = Réunion
event-category-training = Formation / connaître ses droits
event-category-webinar = Webinaire
event-category-action = Action
event-category-festival = Festival
event-category-summit = Rencontre nationale
event-category-reading_group = Groupe de lecture
event-category-drop_in = Permanence
access-step-free = Sans marches
access-hearing-loop = Boucle magnétique
access-interpreter = Interprète
access-bsl-or-captions = Langue des signes ou sous-titres
access-childcare = Garde d’enfants
access-quiet-room = Salle calme
audience-everyone = Tout le monde
audience-women = Femmes
audience-lived-experience = Personnes concernées
audience-workers = Travailleurs
audience-young-people = Jeunes
events-unavailable = Les dates ne peuvent pas être affichées pour l’instant ; réessayez bientôt.
account-add-event = Ajouter un événement
event-form-no = Non
event-form-yes = Oui
event-repeat-none = Ne se répète pas
event-repeat-weekly = Chaque semaine ce jour-là
event-repeat-fortnightly = Une semaine sur deux ce jour-là
event-repeat-monthly = Chaque mois ce jour de la semaine (p. ex. le deuxième mardi)
event-repeat-monthly_last = Chaque mois le dernier de ce jour de la semaine
event-place-listing = Au lieu du groupe (tel que la carte le montre)
event-place-venue = Dans un autre lieu public
event-place-online = En ligne uniquement
event-form-title = Titre de l’événement
event-form-summary = Une ligne pour le présenter
event-form-description = Plus de détails
event-form-languages = Langues parlées
event-form-languages-hint = Codes séparés par des virgules, p. ex. en, ar, fa
event-form-when = Quand
event-form-date = Date (la première, s’il se répète)
event-form-start = Début
event-form-end = Fin
event-form-end-date = Dernier jour (événements sur la journée)
event-form-end-date-hint = Laissez vide pour un seul jour.
event-form-repeat = Répétition
event-form-until = Se répète jusqu’au (facultatif)
event-form-rrule = Un autre rythme (pour experts des calendriers)
event-form-rrule-hint = Seulement si aucun choix ci-dessus ne convient. Écrit comme dans les fichiers de calendrier : FREQ=MONTHLY;BYDAY=-1TH est le dernier jeudi de chaque mois.
event-form-safety = Ne donnez jamais le lieu d’un hôtel, d’un foyer ou d’un logement où des personnes sont hébergées : les événements qui s’y tiennent ne doivent pas être publics. Un lieu ne peut être montré exactement que s’il s’agit d’un bâtiment public (bibliothèque, salle, lieu de culte).
event-form-place = Où
event-form-online-url = Lien en ligne (https://…)
event-form-venue-name = Nom du lieu
event-form-venue-town = Ville du lieu
event-form-public-building = Le lieu est un bâtiment public
event-form-price = Prix (s’il y en a un)
event-form-access-notes = Autre chose sur l’accessibilité
event-form-join-url = Lien d’inscription (si l’on s’inscrit sur votre page)
event-form-new-title = Ajouter un événement
event-form-intro = Une personne de la modération vérifie les nouveaux événements avant publication. Les heures sont à l’heure du Royaume-Uni.
event-form-submit = Envoyer à la modération
event-form-edit-title = Votre événement
event-form-change-heading = Modifier l’événement
event-form-edit-intro = La modération vérifie les modifications ; d’ici là l’événement reste tel quel.
event-form-cancel-heading = Annuler, reporter ou passer une date en ligne
event-form-cancel-intro = Annuler, reporter ou passer en ligne une date est publié tout de suite.
event-form-cancel-date = Annuler cette date
mod-what-create-event = Nouvel événement
mod-what-edit-event = Modifications d’un événement
mod-event-safety = Vérifiez le lieu : un événement dans un hôtel, un foyer ou un logement où des personnes sont hébergées ne doit jamais être public, et seul un bâtiment public peut être montré exactement.
thanks-event-title = Événement envoyé
thanks-event-body = La modération va le vérifier. Nous vous écrirons quand elle aura décidé.
thanks-cancelled-title = Date annulée
thanks-cancelled-body = La date apparaît annulée partout, agendas abonnés compris.
event-suggest-link = Proposer un événement
event-suggest-title = Proposer un événement pour { $name }
event-suggest-intro = Parlez-nous d’un événement de ce groupe. Nous vous envoyons un lien ; une fois ouvert, la modération vérifie l’événement avant publication.
event-suggest-email-hint = Seule la modération la voit ; nous envoyons le lien ici.
thanks-suggested-title = Consultez vos e-mails
thanks-suggested-body = Nous vous avons envoyé un lien. Ouvrez-le dans les 48 heures pour envoyer l’événement à la modération.

## Suivre l'agenda du groupe
account-calendar = Suivre votre agenda
calendar-title = Suivre l’agenda de votre groupe
calendar-intro = Si votre groupe tient déjà un agenda (Google Agenda, Nextcloud, Outlook, une extension d’événements WordPress), donnez-nous son adresse iCalendar publique. Nous le lisons toutes les heures et tenons vos événements à jour ici. Une personne de la modération regarde la première lecture avant que rien ne soit affiché.
calendar-start = L’adresse de l’agenda
calendar-change = Changer l’adresse
calendar-url = Adresse de l’agenda (iCalendar, .ics)
calendar-url-hint = Dans Google Agenda : Paramètres, votre agenda, « Adresse publique au format iCal ». Elle commence par https://. Une nouvelle adresse repasse par la modération.
calendar-public-venues = Les lieux de cet agenda sont des bâtiments publics : montrer leurs adresses
calendar-public-venues-hint = Ne cochez pas sauf si chaque lieu est un bâtiment public, comme une bibliothèque ou un centre social. Sans cette case, nous retirons toute adresse et tout point de l’agenda et utilisons le lieu de votre groupe, aussi précis que votre fiche le montre. N’indiquez jamais un hôtel ou un foyer où des personnes sont logées.
calendar-submit = Suivre cet agenda
calendar-status = L’agenda que nous suivons
calendar-state-in_review = En attente de la modération : rien n’en est encore affiché.
calendar-state-following = Suivi : ses changements apparaissent ici dans l’heure.
calendar-state-refused = La modération l’a refusé : rien n’en est affiché. Changez l’adresse pour l’envoyer à nouveau.
calendar-events = { $count ->
    [0] Aucun événement lu.
    [one] { $count } événement lu.
   *[other] { $count } événements lus.
}
calendar-read-at = Dernière copie valable : { $date }
calendar-never-read = Pas encore lu.
calendar-checked-at = Dernière vérification : { $date }
calendar-trouble = La dernière lecture a échoué ; nous gardons la dernière copie valable et réessaierons.
calendar-skipped = { $count ->
    [one] { $count } événement n’a pas pu être repris (il garde ici sa dernière copie valable) :
   *[other] { $count } événements n’ont pas pu être repris (ils gardent ici leur dernière copie valable) :
}
calendar-stop = Ne plus suivre
calendar-stop-hint = Les événements déjà lus restent ; vous pouvez les modifier ou les annuler ici.
thanks-calendar-title = Agenda lu
thanks-calendar-body = Nous avons lu votre agenda. La modération va le regarder ; nous vous écrirons quand elle aura décidé. D’ici là, rien n’en est public.
thanks-calendar-stopped-title = Agenda plus suivi
thanks-calendar-stopped-body = Nous ne le lisons plus. Les événements déjà lus restent et vous pouvez les modifier ou les annuler.
mod-what-create-calendar = Agenda à suivre
mod-what-edit-calendar = Nouvelle adresse d’un agenda suivi
mod-calendar-events = Ses événements
mail-calendar-failing-subject = Nous n’arrivons pas à lire l’agenda de votre groupe
mail-calendar-failing-body =
    Bonjour,

    Solidarity Atlas n’a pas pu lire l’agenda à l’adresse { $url } : { $problem }

    Nous gardons la dernière copie lisible et réessayons toutes les heures. Votre page de compte montre où nous en sommes.
problem-calendar-address = « { $given } » n’est pas l’adresse d’un agenda : donnez l’adresse d’un fichier iCalendar (.ics), commençant par https:// ou http://.
problem-calendar-private-address = { $host } est dans un réseau privé : nous ne lisons que des agendas sur l’internet public.
problem-calendar-unreachable = Nous n’avons pas pu joindre { $host } : adresse inconnue ou pas de réponse à temps. Vérifiez l’adresse ; nous réessayons toutes les heures.
problem-calendar-answered = Le serveur de l’agenda a répondu par l’erreur { $status } au lieu de l’agenda. L’agenda est-il public ?
problem-calendar-too-large = L’agenda dépasse { $max } Ko. Partagez un agenda avec moins d’événements passés.
problem-calendar-not-ics = Cette adresse ne donne pas de fichier iCalendar (.ics).
problem-calendar-nested-too-deep = L’agenda imbrique ses parties sur plus de { $max } niveaux, ce que les agendas ne font jamais. Vérifiez que l’adresse donne l’agenda de votre groupe.
problem-calendar-too-many-events = L’agenda contient { $given } événements ; nous en suivons au plus { $max }.
problem-no-calendar = Cette fiche ne suit aucun agenda.
filter-on-this-week = Seulement les groupes qui ont quelque chose dans les 7 prochains jours
event-form-postpone-date = Reportée
event-form-online-date = Passée en ligne
thanks-date-changed-title = Date modifiée
thanks-date-changed-body = La date est signalée comme modifiée partout, flux d’agenda compris.
search-type-event = Événement
feed-listings-title = Solidarity Atlas : nouveaux groupes et lieux
feed-library-title = Solidarity Atlas : nouveau dans la bibliothèque
embed-title = Groupes et lieux
embed-title-near = Groupes et lieux près de { $place }
embed-see-all = Voir les { $count } sur Solidarity Atlas
embed-builder-title = Mettre l’Atlas sur votre site
embed-builder-intro = Choisissez ce qu’il faut montrer et copiez le code dans votre page. La liste fonctionne sans JavaScript, ne dépose aucun cookie, ne charge rien d’autre que chez nous et montre chaque lieu aussi précisément que son groupe l’a choisi.
embed-interface-language = Langue de la liste
embed-width = Largeur maximale (pixels)
embed-height = Hauteur (pixels)
embed-show = Afficher
embed-preview = Aperçu
embed-copy = Copiez ceci dans votre page
embed-iframe-title = Solidarity Atlas : groupes et lieux
embed-map-unavailable = La carte n’est pas disponible pour le moment.
embed-what = Que montrer
embed-what-list = Une liste
embed-what-map = Une carte

# /developers: open data and the API
footer-open-data = Données ouvertes et API
developers-title = Données ouvertes et API
developers-intro = L’annuaire, la bibliothèque et l’agenda sont des données ouvertes : tout site ou outil peut les lire, sans clé et sans cookie. Chaque lieu n’est montré qu’aussi précisément que son groupe l’a choisi, et rien n’est répondu pendant un confinement.
developers-ways-in = Points d’accès
api-title = L’API JSON
api-parameters = Paramètres
api-required = obligatoire
api-name = Nom
api-values = Valeurs
api-meaning = Sens
api-responses = Réponses :
api-example-request = Exemple de requête :
api-example-answer = Sa réponse :

# /embed/events
embed-what-events = L’agenda (une liste de dates)
embed-events-title = Agenda
embed-events-title-near = Agenda près de { $place }
embed-events-see-all = Tout l’agenda sur Solidarity Atlas
embed-width-note = Sur un écran plus étroit, comme un téléphone, il se réduit à la largeur de la page.
embed-copy-button = Copier
embed-copied = Copié. Collez-le dans le HTML de votre page.
embed-copy-selected = Sélectionné. Copiez-le avec la commande Copier de votre appareil.
embed-iframe-title-events = Solidarity Atlas : agenda

# /map: "use my location" when no position comes
map-locate-refused = Votre navigateur n’a pas partagé votre position : rien n’a été envoyé. Tapez plutôt une ville ou un code postal dans la case ci-dessus.
map-locate-failed = Votre position n’a pas pu être trouvée à temps : rien n’a été envoyé. Tapez plutôt une ville ou un code postal dans la case ci-dessus.

# /map and /embed/map: a listing's card, and what a cluster holds, in a popup
map-card-meets = Quand :
map-card-next = Prochaine date :
map-card-open = Ouvrir
map-cluster-here = À cet endroit
map-popup-close = Fermer

# The map on a touch screen: one finger scrolls the page
map-two-fingers = Utilisez deux doigts pour déplacer la carte
mod-point-distance = Ce point est à { $km } km du centre de { $town }.
mod-point-far = Ce point est à { $km } km du centre de { $town }, à plus de { $max } km : vérifiez la ville ou le point avant d’approuver.
mod-point-picture = Une petite carte avec le point entouré.

# The map picker of the registration and event forms: its own place search and "use my location"
picker-search = Trouver un lieu sur la carte
picker-search-none = Aucune ville ni aucun district postal de ce nom. Essayez une autre orthographe, ou la première moitié d'un code postal, comme S1.
picker-locate-note = « Utiliser ma position » place l'épingle là où vous êtes : utilisez-le quand vous êtes sur le lieu même. Votre position n'est envoyée qu'avec ce formulaire.
picker-located = L'épingle est à votre position. Faites-la glisser jusqu'à l'endroit exact si besoin.
event-form-picker = Carte : cliquez pour placer le lieu
event-form-picker-hint = Ou choisissez le lieu sur la carte. Sans la carte, la ville du lieu est utilisée et l’événement y est affiché. La précision affichée dépend de votre choix ci-dessous.
mod-unconfirmed = Non confirmées par leur expéditeur ({ $count })
mod-unconfirmed-note = L’expéditeur n’a pas ouvert le lien envoyé par courriel. Si vous savez que la demande est authentique, faites-la entrer dans la file ; votre nom figure au journal.
mod-no-mail-note = Ce site n’envoie pas de courriel (aucun serveur n’est configuré : ATLAS_SMTP_URL), donc les liens de confirmation n’arrivent jamais. Vérifiez chaque demande et faites-la entrer vous-même dans la file ; votre nom figure au journal. Un administrateur peut configurer le courriel — voir la page d’administration.
mod-unconfirmed-badge = non confirmée
mod-take = Faire entrer dans la file
admin-no-mail-server = Ce site n’envoie pas de courriel : aucun serveur n’est configuré (ATLAS_SMTP_URL). Ce qui marche sans : tout le site, et les modérateurs font entrer eux-mêmes les inscriptions dans la file sur /moderate. Ce qui attend : les courriels de confirmation, de connexion et de réponse restent ici, leurs liens retirés. Pour envoyer du courriel, lancez le serveur avec ATLAS_SMTP_URL=smtp://user:password@mail.example.org:587?tls=required ; d’ici là, atlas user link --email ADRESSE affiche un lien de connexion.

## Values from the data: regions, activities, library topics.
region-north-east = Nord-Est de l’Angleterre
region-north-west = Nord-Ouest de l’Angleterre
region-yorkshire-and-the-humber = Yorkshire-et-Humber
region-east-midlands = Midlands de l’Est
region-west-midlands = Midlands de l’Ouest
region-east-of-england = Est de l’Angleterre
region-london = Londres
region-south-east = Sud-Est de l’Angleterre
region-south-west = Sud-Ouest de l’Angleterre
region-scotland = Écosse
region-wales = Pays de Galles
region-northern-ireland = Irlande du Nord
region-ireland = Irlande
region-isle-of-man = Île de Man
region-channel-islands = Îles Anglo-Normandes
tag-health-access = accès aux soins
tag-know-your-rights-sessions = ateliers sur les droits
tag-walking-group = groupe de marche
tag-dance = danse
tag-housing = logement
tag-football = football
tag-legal-advice-signposting = orientation vers un conseil juridique
tag-accompaniment-to-reporting = accompagnement au signalement
tag-english-conversation = conversation en anglais
tag-women-s-group = groupe de femmes
tag-film-club = ciné-club
tag-creative-writing = écriture créative
tag-drop-in = permanence
tag-cooking = cuisine
tag-storytelling = contes
tag-sewing = couture
tag-art-and-chat = art et discussion
topic-health = santé
topic-detention = détention
topic-reporting = signalement
topic-nhs-charging = facturation des soins du NHS
topic-organising = organisation collective
topic-safety = sécurité
topic-campaigning = campagnes
topic-gp-registration = inscription chez un médecin généraliste
topic-mental-capacity = capacité mentale
topic-legal-aid = aide juridictionnelle
topic-housing = logement
topic-training = formation
topic-welfare = aides sociales
topic-nrpf = sans accès aux fonds publics
topic-asylum = asile
topic-everyday-borders = frontières du quotidien
topic-wellbeing = bien-être
topic-reading-group = groupe de lecture
topic-history = histoire
topic-climate = climat
topic-media = médias
topic-english = anglais
topic-education = éducation

## The opt-out register (issue 33)
problem-held-on-opt-out-register = Ceci correspond à un groupe qui a demandé à ne jamais être listé. Lisez sa raison sur cette page ; n’approuvez qu’après avoir vérifié et dit pourquoi.
problem-no-such-opt-out = Ce n’est plus dans le registre ni dans la liste des blocages.
problem-not-a-sender-pattern = « { $given } » n’est ni une adresse e-mail ni un domaine. Écrivez par exemple quelquun@example.org ou example.org.
problem-sender-blocked = Cette adresse ne peut pas envoyer de propositions à ce site. Si vous pensez que c’est une erreur, écrivez aux personnes qui le gèrent.
opt-out-held-badge = Retenu : registre d’opposition
opt-out-box = Ne plus jamais lister ce groupe : il nous l’a demandé (après une menace, une descente ou une fermeture)
opt-out-box-hint = Seules des empreintes de son nom et de sa ville, de son site et de son e-mail sont gardées, jamais les données elles-mêmes. Une inscription, un import ou une revendication ultérieurs qui correspondent attendent un modérateur, avec la raison ci-dessus.
opt-out-held-title = Retenu : ce groupe a demandé à ne jamais être listé
opt-out-held-reason = Un groupe de même nom et même ville, ou de même site ou e-mail, a demandé à ne jamais être listé. Sa raison :
opt-out-held-hint = N’approuvez que si le groupe lui-même a demandé à être listé de nouveau, ou s’il s’agit clairement d’un autre groupe. Sinon, refusez.
opt-out-release-reason = Pourquoi on peut en décider (gardé dans le journal)
opt-out-release = J’ai vérifié : on peut en décider
admin-opt-outs = Registre d’opposition
admin-opt-outs-hint = Les groupes qui ont demandé à ne jamais être listés. Seules des empreintes sont gardées : ni nom, ni lieu, ni adresse. Ne retirez une demande que si le groupe demande à pouvoir être listé de nouveau.
admin-opt-outs-empty = Aucun groupe n’est dans le registre.
admin-opt-out-recorded = enregistré le { $date } par { $who } ; empreintes : { $count }
admin-opt-out-remove = Retirer du registre
admin-blocked = Expéditeurs bloqués
admin-blocked-hint = Les inscriptions, ressources, événements et revendications venant de ces adresses ou domaines sont refusés.
admin-blocked-empty = Aucune adresse ni aucun domaine n’est bloqué.
admin-blocked-pattern = Adresse ou domaine
admin-blocked-pattern-hint = quelquun@example.org, ou example.org pour tout le domaine
admin-blocked-add = Bloquer
admin-blocked-remove = Débloquer
mod-rejected = Refusé. La personne qui l’a envoyé en reçoit la raison.
mod-rejected-never-again = Refusé, et le groupe est dans le registre d’opposition : tout ce qui lui correspond attend l’avis d’un modérateur.
opt-out-released = La retenue est levée et votre raison est dans le journal : approuvez ou refusez comme d’habitude.

# The field only robots fill in (hidden from people and screen readers).
form-leave-empty = Laissez ce champ vide
