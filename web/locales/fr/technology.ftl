# Le répertoire des technologies : fiches, fonctions, révisions et modération.
nav-technology = Technologies
tech-title = Répertoire des technologies
tech-intro = Les services, le matériel et les logiciels qu’utilisent les municipalités, pour chaque fonction.
tech-propose-link = Proposer une fiche
tech-review-link = { $n ->
    [0] À examiner : rien en attente
    [one] À examiner : une révision en attente
   *[other] À examiner : { $n } révisions en attente
}
tech-filters = Filtrer les fiches
tech-name = Nom
tech-function = Fonction
tech-functions = Fonctions
tech-functions-hint = Choisissez-en de une à huit.
tech-kind = Type
tech-vendor = Fournisseur
tech-vendor-org = Organisation du fournisseur sur CivicLink
tech-vendor-org-hint = Si le fournisseur a une page d’organisation ici, choisissez-la.
tech-hosting = Hébergement
tech-versions = Versions connues
tech-versions-hint = Une par ligne, la plus récente d’abord.
tech-website = Site Web
tech-description = Description
tech-description-hint = Ce qu’elle fait et pour qui. Markdown : liens, listes et code sont conservés.
tech-summary = Ce qui change
tech-summary-hint = Quelques mots pour l’historique et la modération.
tech-shown = { $n ->
    [0] Aucune fiche sur cette page.
    [one] Une fiche sur cette page.
   *[other] { $n } fiches sur cette page.
}
tech-empty = Aucune fiche ne correspond. Essayez moins de filtres, ou proposez celle que vous cherchez.
tech-back = Retour au répertoire des technologies
tech-back-to = Retour à { $name }
tech-suggest-edit = Proposer une modification
tech-history-link = { $n ->
    [one] Historique (une révision)
   *[other] Historique ({ $n } révisions)
}
tech-pending-edits = { $n ->
    [one] une modification attend l’examen
   *[other] { $n } modifications attendent l’examen
}
tech-updated = Dernière modification
tech-propose-title = Proposer une fiche
tech-propose-intro = La modération examine chaque proposition avant qu’elle paraisse au répertoire.
tech-edit-title = Proposer une modification
tech-edit-intro = Votre modification de { $name } est conservée dans son historique ; la modération l’examine d’abord.
tech-view-listing = Voir la fiche
tech-near-title = Vouliez-vous dire l’une de celles-ci ?
tech-confirm-new = Aucune : c’est un autre produit.
tech-propose-submit = Proposer
tech-edit-submit = Proposer cette modification
tech-history-title = Historique
tech-history-intro = Chaque révision de { $name }, la plus récente d’abord, avec qui l’a écrite et qui l’a tranchée.
tech-revision-number = Révision { $n }
tech-revision-current = en vigueur
tech-revision-restores = Rétablit la révision { $n }.
tech-revert = Rétablir cette révision
tech-revert-label = Rétablir la révision { $n }
tech-revert-summary = Révision antérieure rétablie.
tech-review-title = À examiner
tech-review-waiting = { $n ->
    [0] Rien n’attend l’examen.
    [one] Une révision attend l’examen.
   *[other] { $n } révisions attendent l’examen.
}
tech-approve = Approuver
tech-approve-label = Approuver la révision de { $name }
tech-reject = Refuser
tech-reject-note = Pourquoi (facultatif)
tech-reject-label = Refuser la révision de { $name }
tech-flash-proposed = Merci : la modération examinera votre proposition.
tech-flash-published = La fiche est publiée.
tech-flash-edit-proposed = Merci : la modération examinera votre modification.
tech-flash-edited = La fiche est à jour.
tech-flash-reverted = La révision antérieure est rétablie.
tech-flash-approved = Approuvée.
tech-flash-rejected = Refusée.
tech-kind-software = Logiciel
tech-kind-hardware = Matériel
tech-kind-service = Service
tech-kind-open_source = Logiciel libre
tech-hosting-on_premises = Sur place
tech-hosting-vendor_cloud = Nuage du fournisseur
tech-hosting-saas = Logiciel-service
tech-listing-proposed = Proposée : en attente de la modération. Seuls vous et la modération la voyez.
tech-listing-published = Publiée
tech-listing-rejected = Refusée par la modération. Seuls vous et la modération la voyez.
tech-revision-pending = en attente d’examen
tech-revision-approved = approuvée
tech-revision-rejected = refusée
field-vendor_name = Fournisseur
field-vendor_org_id = Organisation du fournisseur
field-hosting = Hébergement
field-versions = Versions connues
field-functions = Fonctions
field-summary = Ce qui change
field-number = Révision
field-base = Révision modifiée
validation-max-120-chars = { $field } : 120 caractères au plus.
validation-max-300-chars = { $field } : 300 caractères au plus.
validation-functions-1-to-8 = { $field } : choisissez-en de une à huit.
validation-max-30-versions = { $field } : 30 versions au plus.
validation-version-invalid = { $field } : chaque version tient sur une ligne de 40 caractères au plus.
error-conflict-near-duplicates = Des fiches au nom semblable existent. Si la vôtre est un autre produit, dites-le et proposez-la de nouveau.
error-conflict-function-exists = Une fonction de ce nom existe.
error-conflict-listing-exists = Une fiche de ce nom existe.
error-conflict-revision-outdated = La fiche a changé depuis cette modification ; proposez-la de nouveau sur la fiche telle qu’elle est.
error-conflict-already-decided = Cette révision a déjà été tranchée.
error-conflict-restore-unapproved = Seule une révision approuvée peut être rétablie.
error-conflict-restore-current = Cette révision est déjà en vigueur.
audit-action-listing-approve = Fiche approuvée
audit-action-listing-reject = Fiche refusée
audit-action-listing-revision-approve = Modification de fiche approuvée
audit-action-listing-revision-reject = Modification de fiche refusée
audit-action-listing-revert = Révision de fiche rétablie
audit-action-business-function-create = Fonction ajoutée
audit-action-business-function-rename = Fonction renommée
