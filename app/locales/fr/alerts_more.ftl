# Issue 32 : suivre un groupe, complet (résumé hebdomadaire, objet neutre, nouveaux horaires, dates déplacées).
follow-weekly = Une fois par semaine : un e-mail le lundi matin avec les nouvelles de la semaine de tous les groupes que vous suivez
follow-neutral = Utiliser un objet neutre (« Des nouvelles d’un groupe que vous suivez ») qui ne nomme pas le groupe
follow-mail-times-subject = { $name } : nouveaux horaires
follow-mail-times = Nouveaux horaires : { $event }
follow-mail-date-moved = Déplacé : { $event }, le { $when } devient le { $to }
follow-digest-subject = { $count ->
    [one] Une nouvelle des groupes que vous suivez
   *[other] { $count } nouvelles des groupes que vous suivez
}
follow-digest-intro = Cette semaine dans les groupes que vous suivez :
