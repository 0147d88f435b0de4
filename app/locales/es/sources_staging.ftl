# Issue 33: una lista seguida que termina antes de los registros anunciados.
problem-source-cut-short = La fuente anunció { $announced ->
        [one] un registro
       *[other] { $announced } registros
    }, pero su respuesta terminó tras { $got }: la lista llegó cortada (quizá la fuente entró en cierre de seguridad, o se cortó la conexión). No se archivó nada; la próxima lectura lo intentará de nuevo. Si sigue ocurriendo, pregunte a quienes mantienen la fuente si su listado envía la lista completa.
