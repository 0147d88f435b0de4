# Following sources at scale (issue 33)
sources-queued = La lecture est en file d’attente : le serveur lit la source en arrière-plan, ce qui peut prendre quelques minutes pour un grand annuaire. Rechargez cette page pour voir le résultat.
