# The alerts form's lists and its confirmation (issue 32)
alerts-any-tag = Toute activité
alerts-any-topic = Tout thème
alerts-any-language = Toute langue
alerts-confirm-what = Ce lien active l'alerte demandée sur ce site :
alerts-confirm-used-title = Ce lien a déjà servi, ou il est trop ancien
alerts-confirm-used-body = Si vous avez déjà appuyé sur son bouton, votre alerte est active : chaque e-mail d'alerte contient un lien pour voir ou arrêter vos alertes. Sinon, la demande a été oubliée au bout de 48 heures.
alerts-confirm-ask-again = Demander à nouveau une alerte
alerts-started-keep = Vos alertes sont ci-dessous. Gardez l'adresse de cette page pour les voir ou les arrêter ; chaque e-mail d'alerte contient aussi ce lien.
alerts-mail-started-subject = Votre alerte a commencé
alerts-mail-started-body =
    Votre alerte a commencé :
    { $alert }

    Nous vous écrirons quand quelque chose de correspondant sera publié.
    Voir ou arrêter vos alertes : { $manage }
    Arrêter cette alerte : { $stop }
alerts-line-listing = nouveaux groupes et services
alerts-line-event = nouveaux événements
alerts-line-resource = nouvelles ressources
alerts-line-online = en ligne seulement
alerts-line-in-person = sur place seulement
alerts-line-language = en { $language }
alerts-line-instant = dès leur publication
alerts-line-weekly = une fois par semaine
alerts-stopped-already = L’alerte de ce lien est déjà arrêtée : plus aucun e-mail n’en viendra.
alerts-forget-note = Ou arrêtez toutes les alertes envoyées à cette adresse et effacez l’adresse :
