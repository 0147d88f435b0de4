# Following sources at scale (issue 33)
sources-queued = La lectura está en cola: el servidor lee la fuente en segundo plano, lo que puede tardar unos minutos si el directorio es grande. Vuelve a cargar esta página para ver el resultado.
