# Issue 32 : alertes d’événements et « suivre ce groupe ».
alerts-attend = Comment iriez-vous aux événements ?
alerts-attend-in_person = Sur place, près du lieu indiqué plus haut
alerts-attend-online = En ligne, de n’importe où
alerts-attend-both = L’un ou l’autre
alerts-mail-online = en ligne
alerts-mail-next = Prochaine date : { $when }
alerts-mail-when = { $date } à { $time }
follow-title = Suivre ce groupe
follow-intro = Recevez un e-mail quand ce groupe ajoute, annule ou déplace des dates, change de ville ou ferme. Aucun compte n’est nécessaire.
follow-submit = Suivre ce groupe
follow-following = Vous suivez { $name }
follow-mail-subject = { $what ->
    [new_series] { $name } : nouvelles dates
    [date] { $name } : une date a changé
    [moved] { $name } a déménagé
   *[closed] { $name } a fermé
}
follow-mail-neutral-subject = Des nouvelles d’un groupe que vous suivez
follow-mail-intro = Des nouvelles d’un groupe que vous suivez :
follow-mail-new-series = Nouvelles dates : { $event }
follow-mail-date = { $status ->
    [cancelled] Annulé
    [postponed] Reporté
   *[moved_online] Passé en ligne
} : { $event }, { $when }
follow-mail-moved = Il se réunit désormais à { $town }.
follow-mail-closed = Il a fermé et n’est plus répertorié.
