# Solidarity Atlas, español.

site-name = Solidarity Atlas
lang-code = es
site-tagline = Encuentra cerca de ti grupos por la justicia migrante, campañas por el acceso a la salud y centros de presentación.
site-tagline-short = Encuentra cerca de ti grupos y ayuda por la justicia migrante.
skip-to-content = Ir al contenido
language-switcher = Idioma
nav-home = Inicio

## Tipos de ficha
kind-solidarity_group = Grupo de solidaridad
kind-pnp_chapter = Sección de una campaña por el acceso a la salud
kind-reporting_centre = Centro de presentación

## Inicio
home-heading = Grupos y lugares en el mapa
home-intro = Cada ficha ha sido revisada por una persona voluntaria de moderación. Los grupos eligen con qué precisión aparecen.
home-near-heading = Encuentra grupos cerca de ti
home-near-label = Ciudad, distrito postal o código postal
home-near-placeholder = p. ej. Sheffield o S1
home-near-submit = Buscar cerca de mí
home-near-map = O abre el mapa: puede usar tu ubicación
home-search-heading = Busca en la biblioteca y el directorio
home-join-heading = Añade tu grupo o un recurso
home-join-text = Una persona voluntaria de moderación lo revisa todo antes de publicarlo.
home-share = Comparte un recurso
home-kinds-heading = En el mapa
home-recent-heading = Añadidos recientemente
home-all-listings = Todas las fichas
home-resources-heading = Novedades en la biblioteca
home-all-resources = Toda la biblioteca
home-popular-heading = Lo más leído este mes
filter-label = Filtrar por nombre, tipo o ciudad
filter-placeholder = p. ej. Sheffield
filter-submit = Filtrar
filter-clear = Mostrar todo
listing-count = { $count ->
    [one] { $count } ficha
   *[other] { $count } fichas
}
filter-showing = { $shown } de { $total }
listings-empty = Todavía no hay fichas.
listings-none-match = Nada coincide con «{ $query }». Prueba una palabra más corta o el nombre de una ciudad cercana.
listing-in-town = en { $town }
listing-in-town-region = en { $town } ({ $region })

## Errores
not-found-title = Página no encontrada
not-found-body = No hay ninguna página en esta dirección. Puede que se haya movido o que el enlace tenga un error.
not-found-home = Ir al inicio
error-title = Algo salió mal

footer-sample-data = Las fichas de esta demostración son datos de ejemplo ficticios.

## Navegación
nav-listings = Directorio
nav-map = Mapa

## Directorio
listings-title = Directorio
listings-intro = Grupos, secciones de campaña y centros de presentación. Di dónde estás para ver primero los más cercanos.
near-label = Cerca de (ciudad, distrito postal o código postal)
near-placeholder = p. ej. Sheffield, M14 o SW1A 1AA
near-not-found = No encontramos «{ $place }». Prueba con el nombre de una ciudad o un distrito postal como S1.
near-unknown = No conocemos el lugar «{ $place }».
near-did-you-mean = Quizás quiso decir:
near-everywhere = O mostrar resultados de todas partes
near-no-postcodes = Este sitio aún no tiene la lista de códigos postales, así que no se puede encontrar «{ $place }». Prueba con el nombre de tu ciudad.
near-showing = Primero los más cercanos a { $place }.
radius-label = A menos de
radius-any = cualquier distancia
radius-km = { $km } km
kind-label = Tipo
kind-any = Todos los tipos
tag-label = Actividad
tag-any = Cualquier actividad
lang-label = Idioma hablado
lang-any = Cualquier idioma
near-submit = Buscar
filters-more = Más filtros
filters-apply = Mostrar fichas
filters-reset = Quitar filtros
listings-results = { $count ->
    [0] Ninguna ficha coincide.
    [one] { $count } ficha coincide.
   *[other] { $count } fichas coinciden.
}
listings-empty-filtered = Nada coincide con estos filtros. Amplía la distancia o quita los filtros.
distance-km = a { $km } km
page-previous = Página anterior
page-next = Página siguiente
page-position = Página { $page } de { $pages }
# What the pagination's landmark is called (its own text says which page).
pagination = Páginas

## Una ficha
listing-where = Dónde
listing-precision-exact = Se muestra en su dirección exacta (un edificio público).
listing-precision-approximate = Se muestra de forma aproximada, a cerca de 1 km, por decisión del grupo.
listing-precision-area = Se muestra solo por ciudad, por decisión del grupo.
listing-address = Dirección
listing-meets = Cuándo
listing-accessibility = Accesibilidad
listing-activities = Actividades
listing-languages = Idiomas hablados
list-separator = { ", " }
listing-contact = Contacto
listing-website = Sitio web
listing-email = Correo electrónico
listing-phone = Teléfono
listing-social = Redes sociales
day-mon = Lunes
day-tue = Martes
day-wed = Miércoles
day-thu = Jueves
day-fri = Viernes
day-sat = Sábado
day-sun = Domingo
listing-confirmed = Última confirmación de actividad: { $date }
listing-on-map = Ver en el mapa
listing-help-title = Ayuda cerca de aquí
listing-help-accompany = Grupos que acompañan a las personas a firmar, primero los más cercanos a { $town }
listing-help-groups = Todos los grupos a menos de 25 km de { $town }
listing-help-guides = Guías para quienes van a firmar: tus derechos, qué llevar, qué pasa allí
listing-directions = Cómo llegar
listing-directions-app = en tu aplicación de mapas
listing-back = Volver al directorio

## Mapa
map-title = Mapa
map-intro = Mueve el mapa o di dónde estás; la lista sigue al mapa.
map-locate = Usar mi ubicación
map-locate-note = «Usar mi ubicación» redondea tu posición a unos 5 km en tu navegador antes de enviar nada a este sitio, y nunca la pone en la dirección de la página.
map-search = Buscar
map-legend = Leyenda
map-in-view = En el mapa
map-in-view-count = { $count ->
    [one] { $count } ficha a la vista
   *[other] { $count } fichas a la vista
}
map-loading = Cargando…
map-no-js = El mapa necesita JavaScript. El directorio funciona sin él.
map-picture-alt = Un mapa de esta vista, con un punto o un número por cada ficha o grupo de fichas.
map-zoom-in = Acércate para ver estas fichas

## Biblioteca
nav-library = Biblioteca
nav-search = Buscar
library-title = Biblioteca
library-intro = Herramientas, guías, hojas de derechos, plantillas y grabaciones compartidas por el movimiento.
library-count = { $count ->
    [0] Ningún recurso coincide.
    [one] { $count } recurso
   *[other] { $count } recursos
}
library-empty = Todavía no hay recursos aquí.
library-by-kind = Por tipo
library-by-topic = Por tema
library-by-language = Por idioma
library-all = Todo
resource-kind-toolkit = Caja de herramientas
resource-kind-guide = Guía
resource-kind-know-your-rights = Conoce tus derechos
resource-kind-template = Plantilla
resource-kind-recording = Grabación
resource-kind-reading = Lista de lecturas
resource-kind-other = Otro
resource-open = Abrir el original
resource-published = Publicado el { $date }
resource-by = De { $publisher }
resource-topics = Temas
resource-languages = Idiomas
resource-print = Imprimir esta página
resource-back = Volver a la biblioteca
resource-offline = Esta página se guarda en este dispositivo: podrás abrirla de nuevo sin conexión.

## Búsqueda
search-title = Buscar
search-label = Buscar en la biblioteca y el directorio
search-placeholder = p. ej. cobros del hospital, centro de presentación
search-submit = Buscar
search-results = { $count ->
    [0] Sin resultados.
    [one] { $count } resultado
   *[other] { $count } resultados
}
search-none = No se encontró nada para «{ $query }». Revisa la ortografía, usa menos palabras o explora la biblioteca.
search-type-resource = Recurso
search-type-listing = Grupo o lugar
search-filter-type = Mostrar
search-type-all = Todo

## Participar
nav-register = Registra tu grupo
nav-sign-in = Iniciar sesión
nav-account = Tu cuenta
lockdown-banner = Por seguridad, los lugares y el mapa están ocultos por ahora. La biblioteca de recursos sigue abierta.

## Formularios
form-errors-title = Revisa estos campos
form-required = (obligatorio)

## Registra tu grupo
register-title = Registra tu grupo
register-intro = Pon a tu grupo en el mapa en pocos minutos. Sin cuenta: te enviamos un enlace para confirmar y una persona voluntaria de moderación lo revisa antes de que nadie más lo vea.
register-name = Nombre del grupo
register-kind = Tipo de grupo
register-summary = Una frase sobre lo que hacéis
register-summary-hint = Se muestra en listas y resultados de búsqueda.
register-description = Más sobre el grupo
register-description-hint = Opcional. Las direcciones web que escribas aquí se convierten en enlaces.
register-where = Dónde
register-town = Ciudad, o la primera parte de un código postal
register-town-hint = Por ejemplo Rotherham o S60. Este nombre se muestra públicamente.
register-picker = Mapa: haz clic para situar el grupo
register-picker-hint = O haz clic en el mapa para situar el grupo. La precisión con que se muestra depende de lo que elijas abajo.
register-precision = ¿Con qué precisión debe mostraros el mapa?
register-precision-area = Solo la ciudad (lo más seguro: recomendado para la mayoría de los grupos)
register-precision-approximate = Aproximadamente, a 1 km más o menos
register-precision-exact = La dirección exacta (solo para edificios públicos, nunca donde vive gente)
register-address = Dirección
register-address-hint = Solo para edificios públicos que se muestran en su dirección exacta.
register-region = Región
register-latitude = Latitud
register-latitude-hint = En grados decimales, p. ej. 53.43. Déjalo vacío para usar el centro de la ciudad.
register-longitude = Longitud
register-meets = Algo más sobre cuándo os reunís
register-meets-hint = Opcional. Por ejemplo: no en agosto, o «llamad antes».
register-meet-legend = Vuestra reunión habitual
register-meet-hint = Opcional. Si os reunís en un horario fijo, elegidlo aquí: cuando un moderador apruebe vuestro grupo, aparecerá en la agenda.
register-meet-none = Sin horario fijo
register-meet-day = Día
register-meet-repeat = Con qué frecuencia
register-meet-weekly = Cada semana
register-meet-fortnightly = Cada dos semanas
register-meet-monthly-1 = El primero del mes (por ejemplo el primer sábado)
register-meet-monthly-2 = El segundo del mes
register-meet-monthly-3 = El tercero del mes
register-meet-monthly-4 = El cuarto del mes
register-meet-monthly-last = El último del mes
register-languages = Idiomas que se hablan en el grupo
register-languages-codes = Códigos de idioma separados por comas, p. ej. en, ar, fa.
register-other-languages = Otros idiomas
register-other-languages-hint = Otros idiomas, por su nombre, separados por comas: por ejemplo Pashto, Somali.
register-tags = Actividades
register-tags-hint = Separadas por comas, p. ej. conversación en inglés, fútbol.
register-accessibility = Accesibilidad
register-website = Sitio web
register-phone = Teléfono
register-phone-hint = Un número del Reino Unido, por ejemplo 0114 496 0000 o 07700 900123.
register-channels = Cómo unirse a vosotros
register-channels-hint = Todo es opcional. Cada uno aparece en vuestra página pública solo si marcáis «Mostrar públicamente» debajo. Nunca deis un número personal que pueda poner a alguien en peligro.
register-show-publicly = Mostrar públicamente
register-whatsapp = Enlace de invitación al grupo de WhatsApp
register-whatsapp-hint = En WhatsApp: nombre del grupo › Invitar mediante enlace › Copiar enlace. Empieza por https://chat.whatsapp.com/
register-signal = Enlace del grupo de Signal
register-signal-hint = En Signal: nombre del grupo › Enlace del grupo › Compartir › Copiar. Empieza por https://signal.group/
register-telegram = Grupo o canal de Telegram
register-telegram-hint = Su enlace de invitación, que empieza por https://t.me/
listing-join-whatsapp = Unirse al grupo de WhatsApp
listing-join-signal = Unirse al grupo de Signal
listing-join-telegram = Unirse en Telegram
problem-not-uk-phone = «{ $given }» no es un número de teléfono del Reino Unido. Escríbelo como 0114 496 0000, 07700 900123 o +44 7700 900123.
problem-not-invite-link = «{ $given }» no es un enlace de invitación de { $app ->
        [whatsapp] WhatsApp
        [signal] Signal
       *[telegram] Telegram
    }. Copia el enlace desde la aplicación: empieza por { $app ->
        [whatsapp] https://chat.whatsapp.com/
        [signal] https://signal.group/
       *[telegram] https://t.me/
    }
problem-not-ticked-to-publish = Has dado esto sin marcar «Mostrar públicamente» debajo. Márcalo para mostrarlo en vuestra página, o vacía el campo: solo guardamos lo que la página muestra.
register-public-email = Correo público
register-social = Enlaces a redes sociales
register-social-hint = Direcciones web, separadas por comas: un enlace de invitación de WhatsApp, Signal o Telegram, una página de Facebook o Instagram.
register-contact = Cómo contactarte
register-contact-email = Tu correo electrónico
register-contact-email-hint = Enviamos aquí el enlace de confirmación. No se muestra públicamente salvo que marques la casilla de abajo.
register-show-email = Mostrar esta dirección públicamente en la ficha
register-moderation-note = Moderación revisa cada envío antes de que aparezca. Te escribiremos cuando se publique.
register-submit = Enviar para revisión

## Compartir un recurso
share-title = Compartir un recurso
share-intro = Propón una caja de herramientas, una guía, una hoja sobre tus derechos, una plantilla o una grabación para la biblioteca. Moderación lo revisa primero.
share-resource-title = Título
share-kind = Tipo de recurso
share-url = Enlace
share-url-hint = Dónde leerlo o descargarlo, empezando por https://
share-body = Texto
share-topics = Temas
share-publisher = Quién lo publicó
share-contact-email-hint = Enviamos aquí el enlace de confirmación. Nunca se muestra públicamente.
share-submit = Enviar para revisión

## Después de un formulario
thanks-registered-title = Revisa tu correo
thanks-registered-body = Te hemos enviado un enlace. Ábrelo en las próximas 48 horas para enviar tu grupo a moderación. Nada es público hasta que lo aprueben.
thanks-without-mail-title = Gracias: nos ha llegado
thanks-without-mail-body = Este sitio aún no envía correo, así que no hay enlace que abrir: un moderador voluntario encontrará lo que enviaste y lo revisará. Nada es público hasta que un moderador lo apruebe.
event-form-venue-town-hint = O su código postal. Sin el mapa, el evento se muestra en esta ciudad.
mod-archive-title = Quitar del mapa
mod-approved-published = Aprobado y publicado.
mod-approved-see = Verlo
thanks-shared-title = Revisa tu correo
thanks-shared-body = Te hemos enviado un enlace. Ábrelo en las próximas 48 horas para enviar el recurso a moderación.
thanks-confirmed-title = Gracias
thanks-confirmed-body = Tu envío está en manos de moderación. Te escribiremos cuando decidan.
thanks-sign-in-title = Revisa tu correo
thanks-sign-in-body = Si esta dirección corresponde a una cuenta, te llegará un enlace para entrar. Funciona una vez, durante una hora.
thanks-message-title = Mensaje enviado
thanks-message-body = Hemos pasado tu mensaje al grupo. Te responderán a tu correo si pueden.
thanks-report-title = Gracias por avisarnos
thanks-report-body = Moderación revisará esta ficha.
thanks-claim-title = Revisa tu correo
thanks-claim-body = Te hemos enviado un enlace. Ábrelo en las próximas 48 horas; después moderación decide si puedes gestionar esta ficha.
thanks-edit-title = Cambios enviados
thanks-edit-body = Moderación revisará tus cambios. Mientras tanto, la ficha sigue como estaba.
thanks-deleted-title = Tu cuenta se ha borrado
thanks-deleted-body = Se han borrado tu cuenta, las fichas que solo gestionabas tú y todo lo que nos enviaste.
thanks-still-active-title = Gracias
thanks-still-active-body = La ficha queda marcada como activa.

## Entrar y enlaces por correo
login-title = Iniciar sesión
login-intro = Escribe tu correo y te enviaremos un enlace para entrar. Sin contraseña.
login-email = Correo electrónico
login-submit = Envíame un enlace
login-confirm-title = Entrar en Solidarity Atlas
login-submit-link = Entrar
confirm-title = Confirma tu envío
confirm-submit = Confirmar y enviar a moderación
still-active-title = ¿Sigue activo el grupo?
still-active-submit = Sí, seguimos activos

## Tu cuenta
account-title = Tu cuenta
account-signed-in-as = Has entrado como { $email }
account-moderate = Ir a la cola de moderación
account-listings = Fichas que gestionas
account-no-listings = Todavía no gestionas ninguna ficha.
account-view = ver
account-edit = editar
account-submissions = Lo que has enviado
account-no-submissions = Nada todavía.
account-your-data = Tus datos
account-export = Descargar todo lo que guardamos sobre ti (JSON)
account-delete-confirm = Entiendo que esto borra mi cuenta, las fichas que solo gestiono yo y todo lo que he enviado
account-delete = Borrar mi cuenta
account-sign-out = Cerrar sesión
status-unconfirmed = esperando el enlace del correo
status-pending = esperando a moderación
status-approved = aprobado
status-rejected = no aprobado
status-published = publicada
status-archived = archivada
edit-title = Editar ficha
edit-intro = Tus cambios van a moderación. La ficha sigue igual hasta que los aprueben.
edit-not-yours = Solo puedes editar las fichas que gestionas.
edit-submit = Enviar cambios para revisión

## Contactar, avisar, reclamar
listing-back-to-listing = Volver a la ficha
contact-title = Escribir a { $name }
contact-intro = Pasamos tu mensaje por correo. No verás la dirección del grupo; el grupo verá la tuya para poder responder.
contact-your-name = Tu nombre
contact-your-email = Tu correo electrónico
contact-your-email-hint = El grupo responderá a esta dirección.
contact-message = Tu mensaje
contact-submit = Enviar mensaje
report-title = Avisar de un problema con { $name }
report-intro = Cuéntale a moderación qué está mal. No hace falta que des tu nombre.
report-category = ¿Qué está mal?
report-category-wrong = La información es incorrecta
report-category-closed = El grupo ha cerrado
report-category-unsafe = Esta ficha pone a personas en peligro
report-category-duplicate = Aparece dos veces
report-message = Detalles
report-message-hint = Opcional.
report-submit = Enviar aviso
claim-title = Gestionar { $name }
claim-intro = ¿Formas parte de este grupo? Pide gestionar su ficha para mantenerla al día. Moderación decide.
claim-email-hint = Enviamos aquí un enlace de confirmación. No se muestra públicamente.
claim-message = ¿Qué relación tienes con el grupo?
claim-message-hint = Ayuda a moderación a decidir.
claim-submit = Pedir gestionar esta ficha
listing-contact-form = Enviarles un mensaje
listing-report = Avisar de un problema
listing-claim = ¿Es tu grupo?
listing-may-be-inactive = Este grupo lleva más de 15 meses sin confirmar que sigue activo.

## Dates
date-format = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
map-zoom-in-button = Acercar
map-zoom-out-button = Alejar


## Moderation and admin pages
mod-published = Publicado (AAAA-MM-DD)
mod-nav = Moderación
mod-queue = Cola
mod-log = Registro
mod-admin = Administración
mod-queue-title = Cola de moderación
mod-filter-all = Todo
mod-filter-listings = Fichas
mod-filter-resources = Recursos
mod-waiting = Esperando una decisión ({ $count })
mod-nothing-waiting = No hay nada pendiente. Gracias.
mod-col-sent = Enviado
mod-col-what = Qué
mod-col-name = Nombre
mod-what-create-listing = Ficha nueva
mod-what-edit-listing = Cambios en una ficha
mod-what-claim-listing = Petición de gestionar una ficha
mod-what-create-resource = Recurso nuevo
mod-what-edit-resource = Cambios en un recurso
mod-what-claim-resource = Petición de gestionar un recurso
mod-reports = Avisos ({ $count })
mod-no-reports = No hay avisos abiertos.
mod-note = Nota
mod-close-report = Cerrar aviso
mod-submission-title = Envío
mod-status = Estado:
mod-sent-by = enviado el { $date } por { $email }
mod-region = región { $region }
mod-reason-given = Motivo dado:
mod-duplicates = Posibles duplicados
mod-listing-archived = Esta ficha está archivada. Aprobar este cambio la mantiene archivada: sigue oculta al público.
mod-km-away = a unos { $km } km
mod-what-changes = Qué cambia
mod-col-field = Campo
mod-col-now = Ahora
mod-col-proposed = Propuesto
mod-approve = Aprobar
mod-correct-hint = Puedes corregir la ficha antes de aprobarla.
mod-approve-submit = Aprobar y publicar
mod-reject = Rechazar
mod-reject-reason = Motivo (se envía a quien lo mandó)
mod-history-title = Historial de la ficha
mod-public-page = página pública
mod-archive-reason = ¿Por qué archivarla?
mod-archive-submit = Archivar (quitar del mapa)
mod-correct-title = Corregir esta ficha
mod-correct-listing-hint = Cambia lo que está mal y di por qué: la ficha cambia al momento, con una revisión y una línea en el registro.
mod-correct-reason = Qué estaba mal
mod-correct-reason-hint = Por ejemplo: «la ubicación estaba mal, lo avisó el grupo». Se guarda en el registro.
mod-correct-submit = Guardar la corrección
mod-correct-from-report = Corregir la ficha
mod-revisions = Versiones ({ $count })
mod-record = Contenido
mod-log-empty = Todavía no ha pasado nada.
mod-col-when = Cuándo
mod-col-who = Quién
mod-col-on = Sobre
mod-col-why = Por qué
mod-pages = Páginas
mod-next = Página siguiente
mod-previous = Página anterior
mod-newer = Más reciente
mod-older = Más antiguo
admin-lockdown = Cierre de seguridad
admin-lockdown-on = El cierre de seguridad está ACTIVO: no se muestra al público ningún lugar, mapa ni ficha. La biblioteca sigue abierta.
admin-lockdown-off = El cierre de seguridad está desactivado. Actívalo para ocultar de golpe todos los lugares y el mapa, por ejemplo durante una movilización de extrema derecha.
admin-reason = Motivo (queda en el registro)
admin-lockdown-end = Terminar el cierre
admin-lockdown-start = Activar el cierre
admin-outbox = Bandeja de salida
admin-outbox-hint = Todos los correos que envió el sitio, del más reciente al más antiguo. Sin servidor SMTP configurado (ATLAS_SMTP_URL), el correo espera aquí para ser leído.
problem-no-mail-server = Este sitio aún no tiene servidor de correo. Configura ATLAS_SMTP_URL y reinícialo; entonces se envía el correo que espera aquí.
problem-no-such-mail = No hay tal mensaje en la bandeja de salida.
problem-mail-not-delivered = El servidor de correo no lo aceptó: { $reason }. Se queda en la bandeja de salida y se reintenta cada hora.
admin-send-now = Enviar ahora
admin-send-again = Enviar de nuevo (sus enlaces se cortaron al enviarlo)
admin-mail-failed = El último intento falló:
admin-no-mail = Aún no hay correo.
admin-sent = enviado
admin-not-sent = no enviado

## Correos
mail-confirm-subject = Confirma tu envío a Solidarity Atlas
mail-confirm-body =
    Hola:

    Alguien (esperamos que tú) envió una propuesta a Solidarity Atlas con esta dirección.

    Para enviarlo a moderación, abre este enlace en las próximas 48 horas:

    { $link }

    Si no fuiste tú, ignora este mensaje y no se publicará nada.
mail-approved-subject = Tu envío a Solidarity Atlas ha sido aprobado
mail-approved-body =
    Hola:

    Moderación ha aprobado «{ $title }» y ya está en Solidarity Atlas.

    Gracias.
mail-rejected-subject = Tu envío a Solidarity Atlas
mail-rejected-body =
    Hola:

    Moderación no aprobó «{ $title }» para Solidarity Atlas.

    Su motivo: { $reason }

    Puedes enviarlo de nuevo.
mail-sign-in-subject = Tu enlace para entrar en Solidarity Atlas
mail-sign-in-body =
    Hola:

    Para entrar en Solidarity Atlas, abre este enlace en la próxima hora:

    { $link }

    Si no lo pediste, ignora este mensaje; nadie puede entrar sin el enlace.

## People (admin page)
admin-people = Personas
admin-people-email = Correo electrónico
admin-people-role = Función
admin-people-regions = Regiones
admin-people-regions-hint = Para moderación: las regiones que atiende, separadas por comas. Vacío significa todas.
admin-people-submit = Guardar
role-admin = administración
role-moderator = moderación
role-organiser = organización
mail-reminder-subject = ¿Sigue activo { $name }?
mail-reminder-body =
    Hola:

    «{ $name }» lleva un año en Solidarity Atlas sin actualizarse. Si el grupo sigue activo, abre este enlace y pulsa el botón:

    { $link }

    Si no, dentro de tres meses la ficha aparecerá como «puede que ya no esté activo».
mail-relay-subject = Mensaje para { $group } a través de Solidarity Atlas
mail-relay-body =
    { $name } <{ $email }> envió este mensaje a «{ $group }» a través de Solidarity Atlas. Responde a este correo para contestarle. No se le ha mostrado vuestra dirección.

    ----
    { $message }

## Problems
problem-required = Este campo es obligatorio.
problem-too-long = Este texto tiene { $given } caracteres; se admiten { $max } como máximo.
problem-too-many-entries = Este campo tiene { $given } entradas; se admiten { $max } como máximo.
problem-entry-too-long = «{ $entry }» es demasiado largo: cada entrada tiene como máximo { $max } caracteres.
problem-language-code = «{ $entry }» no es un idioma que conozcamos. Escribe su nombre en inglés (como Pashto) o su código de dos letras (como ps).
problem-language-needed = Indica al menos un idioma, por ejemplo es.
problem-not-web-link = «{ $given }» no es una dirección web. Debe empezar por https://
problem-slug-length = El nombre de la dirección debe tener de 1 a { $max } caracteres.
problem-slug-characters = «{ $given }» solo puede contener a-z, 0-9 y guiones sueltos, ni al principio ni al final (por ejemplo sheffield-walking-group).
problem-unknown-kind = «{ $given }» no es uno de los tipos: { $known }.
problem-unknown-precision = «{ $given }» no es una de las precisiones: { $known }.
problem-unknown-choice = «{ $given }» no es una de las opciones: { $known }.
problem-unknown-time-zone = «{ $given }» no es una zona horaria conocida; escríbala como Europe/London.
problem-not-local-time = «{ $given }» no es una fecha y hora; escríbala como 2027-03-04T18:30 (o 2027-03-04 para todo el día).
problem-end-before-start = El final debe ser posterior al inicio.
problem-event-too-long = Una ocurrencia dura como máximo { $max } días; para algo más largo, añada un evento que se repita.
problem-bad-recurrence = «{ $given }» no es una regla de repetición que entendamos; escríbala como FREQ=WEEKLY;BYDAY=TU.
problem-repeats-too-often = Un evento se repite como mucho una vez al día: elija diario, semanal, mensual o anual (como mucho 1000 veces) y ponga la hora en el inicio.
problem-date-out-of-range = «{ $given }» está demasiado lejos en el pasado o el futuro; ponga una fecha entre { $first } y { $last }.
problem-online-needs-link = Un evento en línea necesita su enlace (https://…).
problem-venue-needs-place = Un evento en su propio lugar necesita la ciudad y el punto del lugar.
problem-exact-venue-must-be-public = Un lugar solo puede mostrarse con exactitud si es un edificio público. Nunca dé la dirección de un hotel o albergue donde se aloja a personas.
problem-coordinates-out-of-range = La latitud debe estar entre -90 y 90 y la longitud entre -180 y 180.
problem-coordinates-incomplete = Indica latitud y longitud, o ninguna de las dos.
problem-not-a-number = «{ $given }» no es un número como 53.38.
problem-address-needs-exact = Solo guardamos la dirección de edificios públicos que se muestran en su dirección exacta. Bórrala o elige la dirección exacta.
problem-nested-too-deep = Este texto anida citas, listas o paréntesis { $depth } niveles; se admiten { $max } como máximo.
problem-not-email = «{ $given }» no es una dirección de correo electrónico.
problem-not-phone = «{ $given }» no es un número de teléfono (solo dígitos, espacios y + - ( )).
problem-not-date = «{ $given }» no es una fecha como 2026-01-31.
problem-too-many-meetings = Este campo tiene { $given } reuniones por semana; se admiten { $max } como máximo.
problem-bad-meeting = { $day } { $start }–{ $end }: indica un día (mon … sun) y horas como 18:00, con el inicio antes del final.
problem-hidden-character = Este texto contiene un carácter invisible ({ $code_point }) que cambia cómo se muestra. Vuelve a escribirlo sin él.
problem-place-not-found = { $count ->
        [0] No encontramos «{ $place }». Prueba con una ciudad cercana o la primera parte de un código postal (como S1).
       *[other] No encontramos «{ $place }». ¿Quizás quiso decir: { $suggestions }?
    }
problem-not-for-this-kind = Es un edificio público, no un grupo: allí nadie responde mensajes, no se puede reclamar y no tiene eventos. Su página enlaza con grupos cercanos que pueden ayudar.
problem-point-far-from-town = El punto del mapa está a { $km } km de { $town }, a más de { $max } km. Mueve el marcador a { $town } o cambia la localidad por la de donde se reúne el grupo.
problem-outside-coverage = Este punto está fuera del Reino Unido e Irlanda, que es lo que cubre este mapa.
problem-contact-email = Escribe una dirección de correo a la que podamos enviar el enlace de confirmación, como nombre@example.org.
problem-your-email = Escribe tu dirección de correo, como nombre@example.org.
problem-reply-email = Escribe tu dirección de correo, para que el grupo pueda responderte.
problem-person-email = Escribe la dirección de correo de la persona, como nombre@example.org.
problem-message-length = Escribe entre 10 y 5000 caracteres.
problem-confirm-delete = Marca la casilla para confirmar que quieres borrarlo todo.
problem-reason-for-audit = Di por qué, para el registro de auditoría.
problem-reason-for-sender = Di por qué, para que quien lo envió pueda corregirlo.
problem-report-category = Elige qué está mal en esta ficha.
problem-choose-role = Elige admin, moderator, translator u organiser.
problem-on-or-off = Elige activar o desactivar.
problem-too-fast = Esto se envió muy rápido. Si su navegador rellenó el formulario por usted, no pasa nada: revise lo que rellenó y envíelo de nuevo.
problem-form-too-old = Este formulario se abrió hace más de un día. Revisa lo que escribiste y envíalo de nuevo.
problem-form-already-sent = Este formulario ya se envió una vez. Para enviarlo de nuevo, revise sus datos abajo y envíelo.
problem-record-unreadable = No se puede leer este registro. Avisa a quienes administran el sitio.
problem-no-such-page = No hay ninguna página en esta dirección. Puede que se haya movido o que el enlace tenga un error.
problem-no-such-listing = Esa ficha no existe.
problem-no-such-submission = Esa solicitud no existe.
problem-no-such-report = Este aviso ya está cerrado o no existe.
problem-no-reply-address = Este grupo no ha dado una dirección para mensajes.
problem-link-expired = Este enlace ha caducado o ya se usó. Envía el formulario de nuevo si lo necesitas.
problem-sign-in-link-expired = Este enlace de acceso ha caducado o ya se usó. Pide uno nuevo.
problem-submission-gone = Esta solicitud ya no existe.
problem-not-your-listing = Solo puedes editar las fichas de las que te ocupas.
problem-outside-your-regions = Esto está, o estaría, en una región que no moderas.
problem-admins-only = Solo las personas administradoras pueden hacer esto.
problem-only-admin = Eres la única persona administradora. Nombra antes a otra.
problem-decided-meanwhile = Otra persona ya decidió sobre esto mientras tanto.
problem-slug-taken = Ya existe una ficha llamada { $slug }.
problem-not-waiting = Esto no está esperando una decisión.
problem-too-many-mails-to-address = Hemos enviado varios mensajes a esta dirección en la última hora. Espera una hora y vuelve a intentarlo.
problem-too-many-posts = Se enviaron demasiados formularios desde tu conexión en la última hora. Vuelve a intentarlo más tarde.
problem-not-a-form = Envía esto como un formulario HTML.
problem-form-too-large = Este formulario es mucho más largo de lo que admite cualquier campo. Acorta el texto y envíalo de nuevo.
problem-too-many-fields = Este formulario tiene muchos más campos que los nuestros. Recarga la página y envíalo de nuevo.
problem-form-expired = Por tu seguridad no aceptamos este formulario: es antiguo o viene de otro sitio. Vuelve atrás, recarga la página y envíalo de nuevo.
problem-sign-in-first = Inicia sesión primero y vuelve a intentarlo.
problem-not-allowed-here = Tu cuenta no da acceso a esto.
problem-sign-in-unavailable = Ahora no podemos comprobar tu sesión. Vuelve a intentarlo en un minuto.
problem-not-saved = No pudimos guardar esto ahora. No se ha perdido nada por tu parte: vuelve atrás y envíalo de nuevo en un minuto.

## Refusal pages
refusal-check-form = Revisa el formulario
refusal-not-allowed = No permitido
refusal-not-found = No encontrado
refusal-already-done = Ya está hecho
refusal-link-gone = Este enlace ya no funciona
refusal-wait = Espera un momento
refusal-try-again = Vuelve a intentarlo
refusal-sign-in = Inicia sesión
refusal-form-expired = Este formulario ha caducado
refusal-back-home = Volver a Solidarity Atlas
problem-fault = El fallo es nuestro, no tuyo. Vuelve a intentarlo en unos minutos.

## Link previews
preview-directory = Todos los grupos, secciones de campañas y centros de presentación del directorio, los más cercanos primero si indicas una ciudad o un código postal.
preview-map = Un mapa de grupos de justicia migrante, campañas por el acceso a la salud y centros de presentación en el Reino Unido e Irlanda.
preview-library = Herramientas, guías, hojas de «conoce tus derechos» y plantillas del movimiento, en varios idiomas.
preview-search = Busca entre los grupos y en la biblioteca de guías y herramientas.
preview-register = Pon a tu grupo en el mapa. Una persona moderadora revisa cada ficha antes de mostrarla, y tú eliges con qué precisión se sitúa.
preview-share = Comparte una herramienta, guía u hoja de «conoce tus derechos» con el movimiento.
preview-listing = { $kind } en { $town }.

# What's on
nav-events = Agenda
events-title = Agenda
events-intro = Actividades, reuniones, formaciones y festivales de los grupos del directorio. Todo es gratis salvo que se indique.
preview-events = Actividades semanales, formaciones, seminarios web y festivales cerca de usted, de grupos de solidaridad locales.
events-today = Hoy
events-this-week = Esta semana
events-later = Más adelante
events-empty = No hay nada para estas fechas y filtros. Pruebe una distancia mayor o menos filtros.
events-radius = Distancia
event-distance = { $km } km
events-category = Tipo de evento
events-any-category = Cualquier tipo
events-language = Idioma
events-any-language = Cualquier idioma
events-only = Mostrar solo
events-online-only = En línea
events-in-person-only = En persona
events-free = Gratis
events-step-free = Acceso sin escalones
events-women = Para mujeres
events-filter-submit = Mostrar eventos
events-subscribe = Suscribirse en su calendario
events-download = Descargar (.ics)
events-near-heading = Agenda cerca de { $place }, las fechas más próximas primero
events-within = A menos de { $km } km de { $place }
events-within-online = A menos de { $km } km de { $place }, y eventos en línea
events-change-radius = cambiar
events-feed-intro = Su calendario puede seguir esta lista, con los filtros elegidos, y mostrar las fechas nuevas por sí solo. Copie en él esta dirección:
events-feed-address = Dirección del calendario
events-feed-google = Google Calendar: en un ordenador, abra calendar.google.com, luego «Otros calendarios» → «+» → «Desde URL», pegue la dirección y elija «Añadir calendario».
events-feed-android = Teléfono Android: añádalo a Google Calendar como arriba; después aparece en el calendario del teléfono (la aplicación misma no puede añadir una dirección).
events-feed-apple = Calendario de Apple (iPhone, iPad, Mac): toque el enlace de abajo, o vaya a Ajustes → Calendario → Cuentas → Añadir cuenta → Otra → Añadir calendario suscrito y pegue la dirección.
events-feed-outlook = Outlook: «Agregar calendario» → «Suscribirse desde la web», pegue la dirección; o use el enlace de abajo.
events-feed-open = Abrir en Calendario de Apple u Outlook
events-download-once = (una vez: estas fechas, sin actualizaciones)
copy-button = Copiar
copy-done = Copiado
copy-selected = Seleccionado: cópielo con el menú de su teléfono
events-more = Fechas siguientes
event-all-day = Todo el día
event-time-range = { $start }–{ $end }
event-date-time = { $date }, { $time }
event-status-cancelled = Cancelado
event-status-postponed = Aplazado
event-status-moved-online = Pasa a en línea
event-online = En línea
event-hybrid = Presencial y en línea
event-back = ← Agenda
event-next-dates = Próximas fechas
event-no-dates = No hay fechas próximas.
event-add-to-calendar = Añadir a su calendario
event-where = Dónde
event-online-link = Unirse en línea
event-organised-by = Organiza
event-cost = Precio
event-cost-free = Gratis
event-cost-donation = Donativo si puede
event-cost-price = Tiene un coste
event-audience = Para quién
event-how-to-join = Cómo participar
event-join-turn-up = Simplemente venga.
event-join-register = Inscríbase antes con el formulario de contacto del grupo.
event-join-link = Inscribirse en la página de la organización
listing-next-dates = Próximas fechas
listing-no-dates = Aún no hay fechas.
listing-all-dates = Todas las fechas
home-whats-on-heading = Próximamente
home-all-events = Toda la agenda
event-category-regular_activity = Actividad regular
event-category-meeting = Reunión
event-category-training = Formación / conozca sus derechos
event-category-webinar = Seminario web
event-category-action = Acción
event-category-festival = Festival
event-category-summit = Encuentro nacional
event-category-reading_group = Grupo de lectura
event-category-drop_in = Punto de encuentro
access-step-free = Sin escalones
access-hearing-loop = Bucle magnético
access-interpreter = Intérprete
access-bsl-or-captions = Lengua de signos o subtítulos
access-childcare = Cuidado infantil
access-quiet-room = Sala tranquila
audience-everyone = Todo el mundo
audience-women = Mujeres
audience-lived-experience = Personas con experiencia vivida
audience-workers = Trabajadores
audience-young-people = Jóvenes
events-unavailable = Ahora no se pueden mostrar las fechas; vuelva a intentarlo en breve.
account-add-event = Añadir un evento
event-form-no = No
event-form-yes = Sí
event-repeat-none = No se repite
event-repeat-weekly = Cada semana este día
event-repeat-fortnightly = Cada dos semanas este día
event-repeat-monthly = Cada mes este día de la semana (p. ej., el segundo martes)
event-repeat-monthly_last = Cada mes el último de este día de la semana
event-place-listing = En el lugar del grupo (como lo muestra el mapa)
event-place-venue = En otro lugar público
event-place-online = Solo en línea
event-form-title = Título del evento
event-form-summary = Una línea sobre él
event-form-description = Más detalles
event-form-languages = Idiomas
event-form-languages-hint = Códigos separados por comas, p. ej., en, ar, fa
event-form-when = Cuándo
event-form-date = Fecha (la primera, si se repite)
event-form-start = Empieza a las
event-form-end = Termina a las
event-form-end-date = Último día (eventos de todo el día)
event-form-end-date-hint = Déjelo vacío para un solo día.
event-form-repeat = Se repite
event-form-until = Se repite hasta (opcional)
event-form-rrule = Otro patrón (para expertos en calendarios)
event-form-rrule-hint = Solo si ninguna opción de arriba encaja. Se escribe como en los archivos de calendario: FREQ=MONTHLY;BYDAY=-1TH es el último jueves de cada mes.
event-form-safety = Nunca dé el lugar de un hotel, albergue o vivienda donde se aloja a personas: los eventos allí no deben ser públicos. Un lugar solo puede mostrarse con exactitud si es un edificio público (biblioteca, salón, lugar de culto).
event-form-place = Dónde
event-form-online-url = Enlace en línea (https://…)
event-form-venue-name = Nombre del lugar
event-form-venue-town = Ciudad del lugar
event-form-public-building = El lugar es un edificio público
event-form-price = Precio (si lo hay)
event-form-access-notes = Algo más sobre accesibilidad
event-form-join-url = Enlace de inscripción (si se inscriben en su página)
event-form-new-title = Añadir un evento
event-form-intro = Una persona moderadora revisa los eventos nuevos antes de publicarlos. Las horas son del Reino Unido.
event-form-submit = Enviar a moderación
event-form-edit-title = Su evento
event-form-change-heading = Cambiar el evento
event-form-edit-intro = Moderación revisa los cambios; hasta entonces el evento sigue como estaba.
event-form-cancel-heading = Cancelar, aplazar o pasar una fecha a en línea
event-form-cancel-intro = Cancelar, aplazar o pasar a en línea una fecha se publica al momento.
event-form-cancel-date = Cancelar esta fecha
mod-what-create-event = Evento nuevo
mod-what-edit-event = Cambios en un evento
mod-event-safety = Revise el lugar: un evento en un hotel, albergue o vivienda donde se aloja a personas nunca debe ser público, y solo un edificio público puede mostrarse con exactitud.
thanks-event-title = Evento enviado
thanks-event-body = Moderación lo revisará. Le escribiremos cuando decida.
thanks-cancelled-title = Fecha cancelada
thanks-cancelled-body = La fecha aparece cancelada en todas partes, también en los calendarios suscritos.
event-suggest-link = Proponer un evento
event-suggest-title = Proponer un evento para { $name }
event-suggest-intro = Cuéntenos un evento de este grupo. Le enviamos un enlace; al abrirlo, moderación revisa el evento antes de publicarlo.
event-suggest-email-hint = Solo moderación lo ve; enviamos el enlace aquí.
thanks-suggested-title = Revise su correo
thanks-suggested-body = Le hemos enviado un enlace. Ábralo en 48 horas para enviar el evento a moderación.

## Seguir el calendario del grupo
account-calendar = Seguir su calendario
calendar-title = Seguir el calendario de su grupo
calendar-intro = Si su grupo ya lleva un calendario (Google Calendar, Nextcloud, Outlook, un complemento de eventos de WordPress), denos su dirección iCalendar pública. Lo leemos cada hora y mantenemos aquí sus eventos al día. Una persona moderadora revisa la primera lectura antes de que se muestre nada.
calendar-start = La dirección del calendario
calendar-change = Cambiar la dirección
calendar-url = Dirección del calendario (iCalendar, .ics)
calendar-url-hint = En Google Calendar: Configuración, su calendario, «Dirección pública en formato iCal». Empieza por https://. Una dirección nueva vuelve a moderación.
calendar-public-venues = Los lugares de este calendario son edificios públicos: mostrar sus direcciones
calendar-public-venues-hint = No la marque salvo que cada lugar sea un edificio público, como una biblioteca o un centro social. Sin marcarla, quitamos toda dirección y punto del calendario y usamos el lugar de su grupo, tan preciso como lo muestra su ficha. Nunca indique un hotel o albergue donde se aloja a personas.
calendar-submit = Seguir este calendario
calendar-status = El calendario que seguimos
calendar-state-in_review = Esperando moderación: aún no se muestra nada de él.
calendar-state-following = Seguido: sus cambios aparecen aquí en una hora.
calendar-state-refused = La moderación lo rechazó: no se muestra nada de él. Cambie la dirección para enviarlo de nuevo.
calendar-events = { $count ->
    [0] Ningún evento leído.
    [one] { $count } evento leído.
   *[other] { $count } eventos leídos.
}
calendar-read-at = Última copia válida: { $date }
calendar-never-read = Aún no leído.
calendar-checked-at = Última comprobación: { $date }
calendar-trouble = La última lectura falló; seguimos mostrando la última copia válida y lo intentaremos de nuevo.
calendar-skipped = { $count ->
    [one] { $count } evento no se pudo tomar (aquí conserva su última copia válida):
   *[other] { $count } eventos no se pudieron tomar (aquí conservan su última copia válida):
}
calendar-stop = Dejar de seguir
calendar-stop-hint = Los eventos ya leídos se quedan; puede cambiarlos o cancelarlos aquí.
thanks-calendar-title = Calendario leído
thanks-calendar-body = Hemos leído su calendario. La moderación lo revisará; le escribiremos cuando decida. Hasta entonces nada de él es público.
thanks-calendar-stopped-title = Calendario ya no seguido
thanks-calendar-stopped-body = Ya no lo leemos. Los eventos ya leídos se quedan y puede cambiarlos o cancelarlos.
mod-what-create-calendar = Calendario para seguir
mod-what-edit-calendar = Nueva dirección de un calendario seguido
mod-calendar-events = Sus eventos
mail-calendar-failing-subject = No podemos leer el calendario de su grupo
mail-calendar-failing-body =
    Hola:

    Solidarity Atlas no pudo leer el calendario en { $url }: { $problem }

    Seguimos mostrando la última copia legible y lo intentamos cada hora. Su página de cuenta muestra cómo va.
problem-calendar-address = «{ $given }» no es la dirección de un calendario: indique la dirección de un archivo iCalendar (.ics) que empiece por https:// o http://.
problem-calendar-private-address = { $host } está en una red privada: solo leemos calendarios de la internet pública.
problem-calendar-unreachable = No pudimos llegar a { $host }: la dirección no existe o no respondió a tiempo. Revise la dirección; lo intentamos cada hora.
problem-calendar-answered = El servidor del calendario respondió con el error { $status } en lugar del calendario. ¿Es público el calendario?
problem-calendar-too-large = El calendario supera { $max } KB. Comparta un calendario con menos eventos pasados.
problem-calendar-not-ics = Esa dirección no da un archivo iCalendar (.ics).
problem-calendar-nested-too-deep = El calendario anida sus partes a más de { $max } niveles, algo que los calendarios nunca hacen. Compruebe que la dirección da el calendario de su grupo.
problem-calendar-too-many-events = El calendario tiene { $given } eventos; seguimos como máximo { $max }.
problem-no-calendar = Esta ficha no sigue ningún calendario.
filter-on-this-week = Solo grupos con alguna actividad en los próximos 7 días
event-form-postpone-date = Aplazada
event-form-online-date = Pasa a ser en línea
thanks-date-changed-title = Fecha cambiada
thanks-date-changed-body = La fecha figura como cambiada en todas partes, también en los calendarios suscritos.
search-type-event = Evento
feed-listings-title = Solidarity Atlas: grupos y lugares nuevos
feed-library-title = Solidarity Atlas: novedades en la biblioteca
embed-title = Grupos y lugares
embed-title-near = Grupos y lugares cerca de { $place }
embed-see-all = Ver los { $count } en Solidarity Atlas
embed-builder-title = Poner el Atlas en su sitio
embed-builder-intro = Elija qué mostrar y copie el código en su página. La lista funciona sin JavaScript, no deja cookies, no carga nada más que de nosotros y muestra cada lugar tan preciso como lo eligió su grupo.
embed-interface-language = Idioma de la lista
embed-width = Ancho máximo (píxeles)
embed-height = Alto (píxeles)
embed-show = Mostrar
embed-preview = Cómo se verá
embed-copy = Copie esto en su página
embed-iframe-title = Solidarity Atlas: grupos y lugares
embed-map-unavailable = El mapa no está disponible en este momento.
embed-what = Qué mostrar
embed-what-list = Una lista
embed-what-map = Un mapa

# /developers: open data and the API
footer-open-data = Datos abiertos y API
developers-title = Datos abiertos y API
developers-intro = El directorio, la biblioteca y la agenda son datos abiertos: cualquier sitio o herramienta puede leerlos, sin clave y sin cookies. Cada lugar se muestra solo tan preciso como lo eligió su grupo, y nada se responde durante un cierre.
developers-ways-in = Formas de acceso
api-title = La API JSON
api-parameters = Parámetros
api-required = obligatorio
api-name = Nombre
api-values = Valores
api-meaning = Significado
api-responses = Respuestas:
api-example-request = Ejemplo de petición:
api-example-answer = Su respuesta:

# /embed/events
embed-what-events = La agenda (una lista de fechas)
embed-events-title = Agenda
embed-events-title-near = Agenda cerca de { $place }
embed-events-see-all = Toda la agenda en Solidarity Atlas
embed-width-note = En una pantalla más estrecha, como la de un teléfono, se ajusta al ancho de la página.
embed-copy-button = Copiar
embed-copied = Copiado. Péguelo en el HTML de su página.
embed-copy-selected = Seleccionado. Cópielo con la orden de copiar de su dispositivo.
embed-iframe-title-events = Solidarity Atlas: agenda

# /map: "use my location" when no position comes
map-locate-refused = Tu navegador no compartió tu ubicación, así que no se envió nada. Escribe en su lugar una ciudad o un código postal en la casilla de arriba.
map-locate-failed = No se pudo encontrar tu ubicación a tiempo, así que no se envió nada. Escribe en su lugar una ciudad o un código postal en la casilla de arriba.

# /map and /embed/map: a listing's card, and what a cluster holds, in a popup
map-card-meets = Cuándo:
map-card-next = Próxima fecha:
map-card-open = Abrir
map-cluster-here = En este lugar
map-popup-close = Cerrar

# The map on a touch screen: one finger scrolls the page
map-two-fingers = Usa dos dedos para mover el mapa
mod-point-distance = Este punto está a { $km } km del centro de { $town }.
mod-point-far = Este punto está a { $km } km del centro de { $town }, a más de { $max } km: revisa la localidad o el punto antes de aprobar.
mod-point-picture = Un mapa pequeño con el punto rodeado.

# The map picker of the registration and event forms: its own place search and "use my location"
picker-search = Buscar un lugar en el mapa
picker-search-none = No encontramos ninguna ciudad ni distrito postal con ese nombre. Prueba otra forma de escribirlo, o la primera mitad de un código postal, como S1.
picker-locate-note = «Usar mi ubicación» pone el marcador donde estás ahora: úsalo cuando estés en el lugar mismo. Tu posición solo se envía con este formulario.
picker-located = El marcador está en tu ubicación. Arrástralo al lugar exacto si hace falta.
event-form-picker = Mapa: haz clic para situar el lugar
event-form-picker-hint = O elige el lugar en el mapa. Sin el mapa se usa la ciudad del lugar y el evento se muestra allí. La precisión con que se muestra depende de lo que elijas abajo.
mod-unconfirmed = Sin confirmar por quien las envió ({ $count })
mod-unconfirmed-note = Quien la envió no ha abierto el enlace que mandamos por correo. Si sabes que la solicitud es auténtica, pásala a la cola; tu nombre queda en el registro.
mod-no-mail-note = Este sitio no envía correo (no hay servidor configurado: ATLAS_SMTP_URL), así que los enlaces de confirmación nunca llegan. Revisa cada solicitud y pásala tú a la cola; tu nombre queda en el registro. Una persona administradora puede configurar el correo — mira la página de administración.
mod-unconfirmed-badge = sin confirmar
mod-take = Pasar a la cola
admin-no-mail-server = Este sitio no envía correo: no hay servidor configurado (ATLAS_SMTP_URL). Lo que funciona sin él: todo el sitio, y las personas moderadoras pasan ellas mismas los registros a la cola en /moderate. Lo que espera: los correos de confirmación, acceso y respuesta se quedan aquí, sin sus enlaces. Para enviar correo, arranca el servidor con ATLAS_SMTP_URL=smtp://user:password@mail.example.org:587?tls=required; mientras tanto, atlas user link --email DIRECCIÓN imprime un enlace de acceso.

## Values from the data: regions, activities, library topics.
region-north-east = Noreste de Inglaterra
region-north-west = Noroeste de Inglaterra
region-yorkshire-and-the-humber = Yorkshire y Humber
region-east-midlands = Midlands del Este
region-west-midlands = Midlands del Oeste
region-east-of-england = Este de Inglaterra
region-london = Londres
region-south-east = Sudeste de Inglaterra
region-south-west = Suroeste de Inglaterra
region-scotland = Escocia
region-wales = Gales
region-northern-ireland = Irlanda del Norte
region-ireland = Irlanda
region-isle-of-man = Isla de Man
region-channel-islands = Islas del Canal
tag-health-access = acceso a la salud
tag-know-your-rights-sessions = talleres sobre tus derechos
tag-walking-group = grupo de caminata
tag-dance = baile
tag-housing = vivienda
tag-football = fútbol
tag-legal-advice-signposting = orientación hacia asesoría legal
tag-accompaniment-to-reporting = acompañamiento a las presentaciones
tag-english-conversation = conversación en inglés
tag-women-s-group = grupo de mujeres
tag-film-club = cineclub
tag-creative-writing = escritura creativa
tag-drop-in = punto de encuentro
tag-cooking = cocina
tag-storytelling = cuentacuentos
tag-sewing = costura
tag-art-and-chat = arte y charla
topic-health = salud
topic-detention = detención
topic-reporting = presentaciones
topic-nhs-charging = cobros del NHS
topic-organising = organización colectiva
topic-safety = seguridad
topic-campaigning = campañas
topic-gp-registration = inscripción con un médico de cabecera
topic-mental-capacity = capacidad mental
topic-legal-aid = asistencia jurídica gratuita
topic-housing = vivienda
topic-training = formación
topic-welfare = prestaciones sociales
topic-nrpf = sin acceso a fondos públicos
topic-asylum = asilo
topic-everyday-borders = fronteras cotidianas
topic-wellbeing = bienestar
topic-reading-group = grupo de lectura
topic-history = historia
topic-climate = clima
topic-media = medios
topic-english = inglés
topic-education = educación

## The opt-out register (issue 33)
problem-held-on-opt-out-register = Esto coincide con un grupo que pidió no aparecer nunca. Lee su motivo en esta página; aprueba solo después de comprobarlo y decir por qué.
problem-no-such-opt-out = Eso ya no está en el registro ni en la lista de bloqueos.
problem-not-a-sender-pattern = «{ $given }» no es una dirección de correo ni un dominio. Escribe algo como alguien@example.org o example.org.
problem-sender-blocked = Esta dirección no puede enviar propuestas a este sitio. Si crees que es un error, escribe a quienes lo gestionan.
opt-out-held-badge = Retenido: registro de exclusión
opt-out-box = No volver a listar nunca este grupo: nos lo pidió (tras una amenaza, una redada o un cierre)
opt-out-box-hint = Solo se guardan huellas de su nombre y ciudad, su web y su correo, nunca los datos. Cualquier registro, importación o reclamación posterior que coincida espera a una persona moderadora, con el motivo de arriba.
opt-out-held-title = Retenido: este grupo pidió no aparecer nunca
opt-out-held-reason = Un grupo con el mismo nombre y ciudad, o la misma web o correo, pidió no aparecer nunca. Su motivo:
opt-out-held-hint = Apruébalo solo si el propio grupo pidió volver a aparecer, o si es claramente otro grupo. Si no, recházalo.
opt-out-release-reason = Por qué se puede decidir (se guarda en el registro de auditoría)
opt-out-release = Lo he comprobado: se puede decidir
admin-opt-outs = Registro de exclusión
admin-opt-outs-hint = Grupos que pidieron no aparecer nunca. Solo se guardan huellas: ni nombre, ni lugar, ni dirección. Quita una petición solo si el grupo pide poder aparecer de nuevo.
admin-opt-outs-empty = Ningún grupo está en el registro.
admin-opt-out-recorded = registrado el { $date } por { $who }; huellas: { $count }
admin-opt-out-remove = Quitar del registro
admin-blocked = Remitentes bloqueados
admin-blocked-hint = Se rechazan los registros, recursos, eventos y reclamaciones de estas direcciones o dominios.
admin-blocked-empty = No hay ninguna dirección ni dominio bloqueado.
admin-blocked-pattern = Dirección o dominio
admin-blocked-pattern-hint = alguien@example.org, o example.org para todo el dominio
admin-blocked-add = Bloquear
admin-blocked-remove = Desbloquear
mod-rejected = Rechazado. Se explica el motivo a quien lo envió.
mod-rejected-never-again = Rechazado, y el grupo está en el registro de exclusión: todo lo que coincida espera la decisión de una persona moderadora.
opt-out-released = La retención se ha levantado y tu motivo está en el registro de auditoría: aprueba o rechaza como siempre.

# The field only robots fill in (hidden from people and screen readers).
form-leave-empty = Deja esto vacío
