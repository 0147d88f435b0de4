# Issue 32: seguir a un grupo, completo (resumen semanal, asunto neutro, nuevos horarios, fechas movidas).
follow-weekly = Una vez por semana: un correo el lunes por la mañana con las novedades de la semana de todos los grupos que sigues
follow-neutral = Usar un asunto neutro («Novedades de un grupo que sigues») que no nombra al grupo
follow-mail-times-subject = { $name }: nuevos horarios
follow-mail-times = Nuevos horarios: { $event }
follow-mail-date-moved = Cambio de fecha: { $event }, el { $when } pasa al { $to }
follow-digest-subject = { $count ->
    [one] Una novedad de los grupos que sigues
   *[other] { $count } novedades de los grupos que sigues
}
follow-digest-intro = Esta semana en los grupos que sigues:
