# The alerts form's lists and its confirmation (issue 32)
alerts-any-tag = Cualquier actividad
alerts-any-topic = Cualquier tema
alerts-any-language = Cualquier idioma
alerts-confirm-what = Este enlace activa la alerta pedida en este sitio:
alerts-confirm-used-title = Este enlace ya se usó o es demasiado antiguo
alerts-confirm-used-body = Si ya pulsó su botón, su alerta está activa: cada correo de alerta tiene un enlace para ver o detener sus alertas. Si no, la solicitud se olvidó a las 48 horas.
alerts-confirm-ask-again = Pedir una alerta de nuevo
alerts-started-keep = Abajo están sus alertas. Guarde la dirección de esta página para verlas o detenerlas; cada correo de alerta también tiene este enlace.
alerts-mail-started-subject = Su alerta ha empezado
alerts-mail-started-body =
    Su alerta ha empezado:
    { $alert }

    Le escribiremos cuando se publique algo que coincida.
    Ver o detener sus alertas: { $manage }
    Detener esta alerta: { $stop }
alerts-line-listing = nuevos grupos y servicios
alerts-line-event = nuevos eventos
alerts-line-resource = nuevos recursos
alerts-line-online = solo en línea
alerts-line-in-person = solo en persona
alerts-line-language = en { $language }
alerts-line-instant = en cuanto se publiquen
alerts-line-weekly = una vez por semana
alerts-stopped-already = La alerta de este enlace ya está detenida: no llegarán más correos de ella.
alerts-forget-note = O detenga todas las alertas enviadas a esta dirección y borre la dirección:
