# Issue 33 : une liste suivie qui s'arrête avant les enregistrements annoncés.
problem-source-cut-short = La source a annoncé { $announced ->
        [one] un enregistrement
       *[other] { $announced } enregistrements
    }, mais sa réponse s'est arrêtée après { $got } : la liste a été coupée (la source est peut-être passée en confinement, ou la connexion a été interrompue). Rien n'a été archivé ; la prochaine lecture réessaiera. Si cela se répète, demandez aux responsables de la source si leur flux envoie toute leur liste.
