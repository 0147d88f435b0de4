# Issue 32: alertas de eventos y «seguir a este grupo».
alerts-attend = ¿Cómo irías a los eventos?
alerts-attend-in_person = En persona, cerca del lugar indicado arriba
alerts-attend-online = En línea, desde cualquier lugar
alerts-attend-both = De cualquiera de las dos formas
alerts-mail-online = en línea
alerts-mail-next = Próxima fecha: { $when }
alerts-mail-when = { $date } a las { $time }
follow-title = Seguir a este grupo
follow-intro = Recibe un correo cuando este grupo añada, cancele o cambie fechas, se mude a otra ciudad o cierre. No hace falta una cuenta.
follow-submit = Seguir a este grupo
follow-following = Sigues a { $name }
follow-mail-subject = { $what ->
    [new_series] { $name }: nuevas fechas
    [date] { $name }: ha cambiado una fecha
    [moved] { $name } se ha mudado
   *[closed] { $name } ha cerrado
}
follow-mail-neutral-subject = Novedades de un grupo que sigues
follow-mail-intro = Novedades de un grupo que sigues:
follow-mail-new-series = Nuevas fechas: { $event }
follow-mail-date = { $status ->
    [cancelled] Cancelado
    [postponed] Aplazado
   *[moved_online] Pasa a ser en línea
}: { $event }, { $when }
follow-mail-moved = Ahora se reúne en { $town }.
follow-mail-closed = Ha cerrado y ya no aparece en el directorio.
