# Solidarity Atlas, español.

site-name = Solidarity Atlas
lang-code = es
site-tagline = Encuentra cerca de ti grupos por la justicia migrante, campañas por el acceso a la salud y centros de presentación.
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

## Errores
not-found-title = Página no encontrada
not-found-body = No hay ninguna página en esta dirección. Puede que se haya movido o que el enlace tenga un error.
not-found-home = Ir al inicio
error-title = Algo salió mal
error-body = El fallo es nuestro, no tuyo. Vuelve a intentarlo en unos minutos.

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
listing-back = Volver al directorio

## Mapa
map-title = Mapa
map-intro = Mueve el mapa o di dónde estás; la lista sigue al mapa.
map-locate = Usar mi ubicación
map-locate-note = Tu ubicación se queda en tu navegador; solo se envía a este sitio la zona del mapa.
map-search = Buscar
map-legend = Leyenda
map-in-view = En el mapa
map-in-view-count = { $count ->
    [one] { $count } ficha a la vista
   *[other] { $count } fichas a la vista
}
map-loading = Cargando…
map-no-js = El mapa necesita JavaScript. El directorio funciona sin él.
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
