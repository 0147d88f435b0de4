# Alertas por correo (issue 32)
alerts-title = Avísame cuando haya algo nuevo cerca
alerts-tell-me-when = Avísame cuando aparezca algo nuevo como esto
alerts-off = Las alertas por correo no están activadas en este sitio. Quienes lo gestionan pueden activarlas.
alerts-intro = Te enviamos un correo cuando se publica un grupo, un evento o un recurso nuevo que coincide con lo que elijas. No hace falta cuenta. Puedes dejarlo en cualquier momento con un clic.
alerts-email = Tu correo electrónico
alerts-email-hint = Primero enviamos un correo para comprobar que es tuyo. No se envía nada más hasta que abras su enlace.
alerts-where = Dónde
alerts-near = Ciudad, distrito postal o código postal
alerts-near-hint = Déjalo vacío para cualquier lugar. Solo guardamos el distrito o la ciudad, nunca tu dirección.
alerts-radius = A menos de
alerts-radius-option = { $km } km
alerts-what = Qué
alerts-wants-listing = Grupos y servicios nuevos
alerts-wants-event = Eventos nuevos
alerts-wants-resource = Recursos nuevos en la biblioteca
alerts-any-kind = Cualquier tipo
alerts-kind = Tipo de grupo
alerts-tag = Actividad
alerts-topic = Tema
alerts-lang = Idioma
alerts-lang-hint = Grupos que lo hablan, eventos y recursos en ese idioma.
alerts-how-often = Con qué frecuencia
alerts-instant = En cuanto se publique
alerts-weekly = Una vez por semana (el lunes por la mañana)
alerts-mail-lang = Idioma de los correos
alerts-neutral = Usar un asunto neutro («Nuevas fichas cerca de ti») que no nombra este sitio
alerts-privacy = Tu dirección se guarda cifrada y solo se usa para estas alertas. Cada correo tiene un enlace para pararlas.
alerts-submit = Envíame alertas
alerts-confirm-title = Empieza tu alerta
alerts-confirm-button = Sí, envíame estas alertas
alerts-stop-title = Parar esta alerta
alerts-stop-button = Parar esta alerta
alerts-manage-link = Ver todas tus alertas
alerts-manage-title = Tus alertas
alerts-manage-none = La alerta de este enlace se ha detenido. Si tiene otras alertas, cada uno de sus correos tiene un enlace a ellas.
alerts-anywhere = Cualquier lugar
alerts-place-within = A menos de { $km } km de { $place }
alerts-unconfirmed = aún sin empezar
alerts-stop-this = Parar esta
alerts-forget-me = Pararlas todas y olvidarme
alerts-done-requested-title = Revisa tu correo
alerts-done-requested-body = Si la dirección puede recibir correo, le hemos enviado un enlace. Tu alerta empieza cuando lo abras. Si no lo abres en 48 horas, olvidamos la solicitud.
alerts-done-confirmed-title = Tu alerta ha empezado
alerts-done-confirmed-body = Te escribiremos cuando se publique algo que coincida. Cada correo tiene un enlace para parar.
alerts-done-stopped-title = Alerta parada
alerts-done-stopped-body = No recibirás más correos de esta alerta.
alerts-done-forgotten-title = Todas tus alertas están borradas
alerts-done-forgotten-body = Ya no guardamos tu dirección para alertas.
alerts-mail-confirm-subject = Confirma tu alerta
alerts-mail-confirm-body =
    Alguien pidió que se enviaran alertas a esta dirección.
    La alerta: { $alert }

    Si fuiste tú, abre este enlace y pulsa el botón para empezarlas:

    { $link }

    Si no fuiste tú, ignora este correo: no se enviará nada más y la solicitud se olvidará en 48 horas.
alerts-mail-subject = Nuevo: { $name }
alerts-mail-neutral-subject = Nuevas fichas cerca de ti
alerts-mail-digest-subject = { $count ->
    [one] Una ficha nueva esta semana
   *[other] { $count } fichas nuevas esta semana
}
alerts-mail-neutral-digest-subject = Tu resumen semanal
alerts-mail-intro = Hay algo nuevo que coincide con tu alerta:
alerts-mail-digest-intro = { $count ->
    [one] Una novedad coincidió con tu alerta esta semana:
   *[other] { $count } novedades coincidieron con tu alerta esta semana:
}
alerts-mail-distance = a { $km } km de { $place }
alerts-mail-footer =
    Tus alertas: { $manage }
    Parar esta alerta: { $stop }
problem-alert-nothing-chosen = Elige al menos una opción: grupos y servicios, eventos, o recursos.
problem-alerts-off = Las alertas por correo no están activadas en este sitio.
