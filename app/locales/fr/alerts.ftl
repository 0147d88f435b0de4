# Alertes par e-mail (issue 32)
alerts-title = Prévenez-moi quand il y a du nouveau près de chez moi
alerts-tell-me-when = Prévenez-moi quand quelque chose de semblable apparaît
alerts-off = Les alertes par e-mail ne sont pas activées sur ce site. Les personnes qui le gèrent peuvent les activer.
alerts-intro = Nous vous envoyons un e-mail quand un nouveau groupe, un nouvel événement ou une nouvelle ressource correspondant à vos choix est publié. Aucun compte n’est nécessaire. Vous pouvez arrêter à tout moment d’un seul clic.
alerts-email = Votre adresse e-mail
alerts-email-hint = Nous envoyons d’abord un e-mail pour vérifier qu’elle est à vous. Rien d’autre n’est envoyé avant que vous ouvriez son lien.
alerts-where = Où
alerts-near = Ville, district postal ou code postal
alerts-near-hint = Laissez vide pour partout. Nous ne gardons que le district ou la ville, jamais votre adresse.
alerts-radius = Dans un rayon de
alerts-radius-option = { $km } km
alerts-what = Quoi
alerts-wants-listing = Nouveaux groupes et services
alerts-wants-event = Nouveaux événements
alerts-wants-resource = Nouvelles ressources de la bibliothèque
alerts-any-kind = Tous les types
alerts-kind = Type de groupe
alerts-tag = Activité
alerts-topic = Thème
alerts-lang = Langue
alerts-lang-hint = Les groupes qui la parlent, les événements et ressources dans cette langue.
alerts-how-often = À quelle fréquence
alerts-instant = Dès que c’est publié
alerts-weekly = Une fois par semaine (lundi matin)
alerts-mail-lang = Langue des e-mails
alerts-neutral = Utiliser un objet neutre (« Nouvelles fiches près de chez vous ») qui ne nomme pas ce site
alerts-privacy = Votre adresse est conservée chiffrée et ne sert qu’à ces alertes. Chaque e-mail contient un lien pour les arrêter.
alerts-submit = M’envoyer des alertes
alerts-confirm-title = Démarrer votre alerte
alerts-confirm-button = Oui, envoyez-moi ces alertes
alerts-stop-title = Arrêter cette alerte
alerts-stop-button = Arrêter cette alerte
alerts-manage-link = Voir toutes vos alertes
alerts-manage-title = Vos alertes
alerts-manage-none = L’alerte de ce lien a été arrêtée. Si vous avez d’autres alertes, chacun de leurs e-mails contient un lien vers elles.
alerts-anywhere = Partout
alerts-place-within = À moins de { $km } km de { $place }
alerts-unconfirmed = pas encore démarrée
alerts-stop-this = Arrêter celle-ci
alerts-forget-me = Tout arrêter et m’oublier
alerts-done-requested-title = Consultez vos e-mails
alerts-done-requested-body = Si l’adresse peut recevoir du courrier, nous lui avons envoyé un lien. Votre alerte démarre quand vous l’ouvrez. Sans ouverture sous 48 heures, nous oublions la demande.
alerts-done-confirmed-title = Votre alerte a démarré
alerts-done-confirmed-body = Nous vous écrirons quand quelque chose de correspondant sera publié. Chaque e-mail contient un lien pour arrêter.
alerts-done-stopped-title = Alerte arrêtée
alerts-done-stopped-body = Vous ne recevrez plus d’e-mails de cette alerte.
alerts-done-forgotten-title = Toutes vos alertes sont supprimées
alerts-done-forgotten-body = Nous ne gardons plus votre adresse pour les alertes.
alerts-mail-confirm-subject = Merci de confirmer votre alerte
alerts-mail-confirm-body =
    Quelqu’un a demandé que des alertes soient envoyées à cette adresse.
    L’alerte : { $alert }

    Si c’est vous, ouvrez ce lien et appuyez sur le bouton pour les démarrer :

    { $link }

    Si ce n’est pas vous, ignorez cet e-mail : rien d’autre ne sera envoyé, et la demande sera oubliée dans 48 heures.
alerts-mail-subject = Nouveau : { $name }
alerts-mail-neutral-subject = Nouvelles fiches près de chez vous
alerts-mail-digest-subject = { $count ->
    [one] Une nouvelle fiche cette semaine
   *[other] { $count } nouvelles fiches cette semaine
}
alerts-mail-neutral-digest-subject = Votre point hebdomadaire
alerts-mail-intro = Du nouveau correspond à votre alerte :
alerts-mail-digest-intro = { $count ->
    [one] Un nouvel élément correspond à votre alerte cette semaine :
   *[other] { $count } nouveaux éléments correspondent à votre alerte cette semaine :
}
alerts-mail-distance = à { $km } km de { $place }
alerts-mail-footer =
    Vos alertes : { $manage }
    Arrêter cette alerte : { $stop }
problem-alert-nothing-chosen = Choisissez au moins une chose : groupes et services, événements, ou ressources.
problem-alerts-off = Les alertes par e-mail ne sont pas activées sur ce site.
