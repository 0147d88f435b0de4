sources-title = Fuentes seguidas
sources-hint = Otros directorios que este atlas sigue: el canal Open Referral UK de otro atlas o de un ayuntamiento, o un archivo GeoJSON o CSV que publica una red. Cada uno se lee cada pocas horas; sus fichas esperan en la cola de moderación, con su procedencia, salvo que la fuente sea de confianza. Una ficha que desaparece de su fuente se archiva aquí.
sources-empty = Todavía no se sigue ninguna fuente.
sources-name = Nombre
sources-url = Dirección
sources-format = Formato
sources-format-oruk = Open Referral UK (la dirección base de la API)
sources-format-geojson = Archivo GeoJSON
sources-format-csv = Archivo CSV con fila de encabezado
sources-kind = Tipo para las fichas cuyo tipo no conocemos
sources-trusted = De confianza: publicar sus fichas sin moderación (cada una queda en el registro)
sources-trusted-yes = De confianza: se publica sin moderación
sources-trusted-no = Moderada: las fichas esperan en la cola
sources-never-read = Aún no se ha leído.
sources-last-read = Última lectura el { $date }:
sources-outcome-read = una copia nueva, pasada a la cola
sources-outcome-unchanged = nada había cambiado
sources-outcome-failed = la lectura falló
sources-counts = Nuevas { $new }, actualizadas { $updated }, sin cambios { $unchanged }, archivadas { $archived }, retenidas { $held }, omitidas { $skipped }.
sources-records = { $count ->
    [one] Se conserva una ficha de esta fuente.
   *[other] Se conservan { $count } fichas de esta fuente.
}
sources-problem = Qué falló (la última copia buena se mantiene):
sources-fetch-now = Leerla ahora
sources-add = Añadir una fuente
sources-add-submit = Añadir la fuente
sources-added = La fuente está añadida. Léala ahora o espere a la próxima lectura programada.
sources-fetched = La fuente se ha leído.
sources-saved = La correspondencia está guardada. La próxima lectura la aplica a cada ficha.
sources-mapping = Correspondencia de sus palabras con las nuestras
sources-mapping-hint = Una por línea: su palabra = la nuestra. Una palabra asociada a nada se descarta; una sin correspondencia se guarda tal cual (un tipo sin correspondencia pasa a ser el tipo de arriba).
sources-mapping-kinds = Tipos
sources-mapping-tags = Etiquetas
sources-mapping-languages = Idiomas (nuestros códigos: en, ar, fa, fr, es, …)
sources-save = Guardar la correspondencia
sources-from = Procedencia: { $source }
sources-from-link = su ficha de origen
problem-source-address = «{ $given }» no es una dirección que podamos leer: indique una que empiece por https:// o http://.
problem-source-private-address = { $host } está dentro de una red privada: las fuentes solo se leen en internet pública, salvo que el operador permita direcciones privadas (ATLAS_ALLOW_PRIVATE_FETCH).
problem-source-unreachable = No pudimos llegar a { $host }: la dirección no existe o no respondió a tiempo. Lo intentamos de nuevo en la próxima lectura.
problem-source-answered = El servidor de la fuente respondió con el error { $status } en lugar de sus fichas.
problem-source-too-large = La fuente supera { $max } KB, más de lo que leemos de una vez.
problem-source-too-many-records = La fuente tiene { $given } fichas; seguimos como máximo { $max }.
problem-source-unreadable = No se pudo leer la respuesta de la fuente: { $detail }.
problem-source-name-taken = Ya hay una fuente llamada «{ $given }»: elija otro nombre.
problem-no-such-source = Esa fuente no existe.
problem-mapping-line = «{ $given }» no es una línea de correspondencia: escriba su palabra = la nuestra.
