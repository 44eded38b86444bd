## Répertoire des membres
dir-title = Répertoire des membres
dir-nav = Trouver des collègues
dir-filters = Filtrer le répertoire
dir-org-filter = Membres de { $org } seulement.
dir-org-filter-clear = Afficher les membres de toutes les organisations
dir-name = Nom
dir-size-band = Population desservie
dir-sort = Trier par
dir-sort-name = Nom
dir-sort-recent = Activité récente
dir-export = Télécharger ces résultats (CSV, les { $max } premiers au plus)
dir-empty = Personne ne correspond à ces filtres.
dir-members-none-match = Aucun membre ne correspond à ces filtres.
dir-members-none = Aucun membre à afficher.
dir-clear-filters = Effacer les filtres
dir-pages = Pages de résultats
dir-first = Revenir à la première page
dir-prev = Page précédente
dir-next = Page suivante
dir-shown = { $n ->
    [0] Aucun membre sur cette page.
    [one] Un membre sur cette page.
   *[other] { $n } membres sur cette page.
}
dir-size-under_10k = Moins de 10 000
dir-size-10k_50k = De 10 000 à 50 000
dir-size-50k_250k = De 50 000 à 250 000
dir-size-250k_1m = De 250 000 à 1 million
dir-size-over_1m = Plus d'un million
dir-csv-name = Nom
dir-csv-handle = Identifiant
dir-csv-role = Rôle
dir-csv-organization = Organisation
dir-csv-region = Région
dir-csv-country = Pays
dir-csv-association = Association
dir-csv-job-title = Poste
dir-csv-expertise = Expertise

## Répertoire des organisations
dir-orgs-title = Organisations
dir-org-name = Nom de l'organisation
dir-org-members = Voir ses membres dans le répertoire
dir-org-members-label = Voir ses membres dans le répertoire : { $org }
dir-orgs-shown = { $n ->
    [0] Aucune organisation sur cette page.
    [one] Une organisation sur cette page.
   *[other] { $n } organisations sur cette page.
}

## Personnes que vous connaissez peut-être
suggest-title = Personnes que vous connaissez peut-être
suggest-lead = Des collègues avec qui vous n'êtes pas encore en relation, et pourquoi vous les connaissez peut-être.
suggest-empty = Aucune suggestion pour l'instant. Entrez en relation avec des collègues et indiquez vos domaines d'expertise pour en recevoir.
suggest-connect-label = Demander à entrer en relation avec { $name }
suggest-shared-connections = { $n ->
    [one] Une relation en commun
   *[other] { $n } relations en commun
}
suggest-same-organization = également chez { $org }
suggest-same-region = également en { $region }
suggest-same-size-band = une municipalité de taille semblable
suggest-shared-expertise = { $n ->
    [one] un domaine d'expertise en commun
   *[other] { $n } domaines d'expertise en commun
}

## Champs et problèmes des filtres du répertoire
field-q = La recherche
field-sort = L'ordre de tri
field-cursor = Le lien de page
field-limit = La taille de page
validation-cursor-invalid = { $field } n'est pas valide : recommencez à la première page.
validation-limit-invalid = { $field } doit être entre 1 et 100.
