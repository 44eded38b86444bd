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
tech-revert = Rétablir
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
validation-between-1-500 = { $field } doit être entre 1 et 500.
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
tech-usage-title = { $n ->
    [0] Aucune organisation n’indique l’utiliser
    [one] Utilisée par une organisation
   *[other] Utilisée par { $n } organisations
}
tech-usage-filters = Filtrer qui l’utilise
tech-usage-add-ours = Notre organisation l’utilise
tech-usage-edit-ours = Modifier la fiche de notre organisation
tech-usage-since = depuis le { $date }
tech-usage-users = { $n ->
    [one] un utilisateur
   *[other] { $n } utilisateurs
}
tech-usage-contact = Contact :
tech-usage-open-contract = d’autres municipalités peuvent acheter sur ce contrat
tech-usage-stale = Non confirmée depuis un an.
tech-usage-confirmed = Confirmée le
tech-usage-confirm = Toujours vrai
tech-usage-confirm-label = Toujours vrai : la fiche de { $org }
tech-usage-edit = Modifier
tech-usage-edit-label = Modifier la fiche de { $name }
tech-usage-pages = Pages des organisations qui l’utilisent
tech-usage-range = { $first } à { $last } sur { $total }
tech-usage-none-match = Aucune organisation ne correspond à ces filtres.
tech-usage-support-ends = fin du soutien le { $date }
tech-usage-form-title = Notre utilisation
tech-usage-form-intro = Ce que { $org } fait de { $name }. Les autres membres le voient sur la fiche ; vous choisissez qui voit le nombre d’utilisateurs et le contrat.
tech-usage-functions-hint = Ce qu’elle sert dans votre organisation ; aucune cochée : celles de la fiche.
tech-usage-contact-hint = Une ou un collègue prêt à en parler. Ses coordonnées suivent les réglages de son profil.
tech-usage-procurement = Comment elle a été achetée
tech-date-hint = Sous la forme AAAA-MM-JJ.
tech-usage-evaluating = À l’évaluation
tech-usage-piloting = En projet pilote
tech-usage-production = En production
tech-usage-retiring = En retrait
tech-usage-retired = Retirée
tech-audience-members = Tous les membres
tech-audience-organization = Seulement notre organisation
tech-route-cooperative = Entente d’achat regroupé
tech-route-all_of_government = Contrat pangouvernemental
tech-route-syndicated = Contrat syndiqué
tech-route-rfp = Appel de propositions
tech-route-sole_source = Fournisseur unique
tech-route-other = Autre
tech-stack-title = Technologies utilisées
tech-stack-heading = Technologies à { $org }
tech-stack-count = { $n ->
    [0] Aucune fiche inscrite.
    [one] Une fiche inscrite.
   *[other] { $n } fiches inscrites.
}
tech-stack-stale = { $n ->
    [one] Une fiche n’a pas été confirmée depuis un an.
   *[other] { $n } fiches n’ont pas été confirmées depuis un an.
}
tech-stack-empty = Inscrivez ce que votre organisation utilise depuis la page d’une fiche.
tech-stack-other = Autre
tech-flash-usage-recorded = Inscrit : les autres membres voient maintenant que votre organisation l’utilise.
tech-flash-usage-updated = La fiche est à jour.
tech-flash-usage-confirmed = Confirmé : merci.
field-version = Version
field-since = Utilisée depuis
field-support_ends = Fin du soutien ou du contrat
field-users = Utilisateurs ou licences
field-users_visibility = Qui voit le nombre d’utilisateurs
field-contact_id = Contact
field-notes = Notes
field-procurement_route = Mode d’acquisition
field-cooperative = Entente ou véhicule contractuel
field-contract_reference = Référence du contrat
field-contract_ends = Fin du contrat
field-open_to_others = D’autres municipalités peuvent acheter sur ce contrat
field-contract_visibility = Qui voit comment elle a été achetée
field-listing_id = Fiche
validation-number-invalid = { $field } : un nombre entier de 0 à 10 000 000.
validation-date-before-since = { $field } ne peut précéder la date de mise en service.
validation-contact-not-in-org = { $field } : un membre actif de votre organisation.
error-conflict-usage-exists = Votre organisation a déjà une fiche pour celle-ci : modifiez-la.
tech-stack-link = Ce qu’utilise { $org }, par fonction
tech-renewals-title = Radar des renouvellements
tech-renewals-intro = Soutiens et contrats qui prennent fin dans les douze prochains mois, les plus proches d’abord : les municipalités qui renouvellent la même chose peuvent acheter ensemble.
tech-renewals-count = { $n ->
    [0] Rien ne prend fin dans les douze prochains mois.
    [one] Une fiche prend fin dans les douze prochains mois.
   *[other] { $n } fiches prennent fin dans les douze prochains mois.
}
tech-renewals-of-listing = Renouvellements de cette fiche
tech-contracts-title = Acheter sur le même contrat
tech-contracts-intro = Ces organisations l’ont achetée sur un contrat auquel d’autres municipalités peuvent se joindre. Demandez à leur contact.
tech-contract-ends = fin du contrat le { $date }

# Évaluations et avis
tech-reviews-title = { $n ->
    [0] Avis
    [one] Un avis
   *[other] { $n } avis
}
tech-rating-mean = { $score } sur 5 au total
tech-rating-of-5 = { $score } sur 5
tech-rating-recommend = { $share } le recommandent
tech-rating-distribution = Notes globales : combien d’avis ont donné chacune
tech-rating-chart = En barre
tech-rating-count = Avis
tech-rating-by-band = Note globale selon la taille de l’organisation de l’auteur
tech-score = { $n } sur 5
tech-score-none = Sans note
tech-yes = Oui
tech-no = Non
tech-review-write = Écrire un avis
tech-review-edit-yours = Modifier votre avis
tech-review-conflict = Votre organisation vend cette fiche, ou une fiche concurrente : vous ne pouvez pas lui donner d’avis. Vous pouvez répondre à ses avis si elle est la vôtre.
tech-reviews-sort = Trier :
tech-reviews-sort-helpful = Les plus utiles
tech-reviews-sort-newest = Les plus récents
tech-reviews-more = Plus d’avis
tech-review-overall = { $n } sur 5
tech-review-recommends = Le recommande
tech-review-not-recommends = Ne le recommande pas
tech-review-hidden = Une modératrice ou un modérateur a masqué cet avis après un signalement : seuls son auteur et les modérateurs le voient.
tech-review-using-since = son organisation l’utilise depuis le { $date }
tech-review-no-usage = aucune utilisation déclarée par son organisation
tech-review-helpful-count = { $n ->
    [0] Personne ne l’a encore trouvé utile
    [one] Un membre l’a trouvé utile
   *[other] { $n } membres l’ont trouvé utile
}
tech-review-edited = { $n ->
    [one] modifié une fois
   *[other] modifié { $n } fois
}
tech-review-helpful = Utile
tech-review-helpful-label = Utile : l’avis de { $name }
tech-review-unhelpful = Finalement pas utile
tech-review-unhelpful-label = Finalement pas utile : l’avis de { $name }
tech-review-report = Signaler
tech-review-report-label = Signaler l’avis de { $name }
tech-review-restore = Afficher de nouveau
tech-review-restore-label = Afficher de nouveau l’avis de { $name }
tech-response-from = Réponse de { $org }
tech-response-write = Répondre pour le fournisseur
tech-response-write-label = Répondre pour le fournisseur à l’avis de { $name }
tech-response-edit = Modifier la réponse
tech-response-edit-label = Modifier la réponse à l’avis de { $name }
tech-review-form-title = Votre avis
tech-review-form-intro = { $name } fonctionne-t-il bien dans votre organisation ? D’autres municipalités vous lisent avant d’acheter.
tech-review-form-edit-intro = Modifiez votre avis sur { $name }. Les versions précédentes restent dans son historique.
tech-review-text-hint = Points forts ou points faibles : au moins l’un des deux. Texte simple, 3 000 caractères au plus.
tech-review-save = Enregistrer l’avis
tech-review-history-title = Versions d’un avis
tech-review-history-intro = Toutes les versions de l’avis de { $name }, de la plus récente à la plus ancienne.
tech-back-to-review = Retour à l’avis
tech-report-title = Signaler un avis
tech-report-intro = Dites aux modérateurs ce qui ne va pas dans l’avis de { $name }. Ils décident de le masquer ou non.
tech-report-note-hint = Obligatoire quand le motif est « Autre ». 3 000 caractères au plus.
tech-report-send = Envoyer le signalement
tech-report-spam = Pourriel ou publicité
tech-report-abusive = Injurieux ou personnel
tech-report-off-topic = Sans rapport avec cette fiche
tech-report-conflict-of-interest = Écrit par le fournisseur ou un concurrent
tech-report-other = Autre
tech-response-title = Répondre à un avis
tech-response-intro = Votre organisation vend cette fiche. Sa réponse s’affiche sous l’avis de { $name }, une fois par avis.
tech-response-hint = Texte simple, 3 000 caractères au plus.
tech-response-send = Publier la réponse
tech-reports-title = Avis signalés
tech-reports-waiting = { $n ->
    [0] Aucun signalement en attente.
    [one] Un signalement en attente.
   *[other] { $n } signalements en attente.
}
tech-report-hide = Masquer l’avis
tech-report-hide-label = Masquer l’avis de { $name }
tech-report-dismiss = Rejeter le signalement
tech-report-dismiss-label = Rejeter le signalement de l’avis de { $name }
tech-flash-review-saved = Votre avis est enregistré.
tech-flash-helpful = Marqué comme utile.
tech-flash-unhelpful = Vote retiré.
tech-flash-reported = Merci : les modérateurs vont l’examiner.
tech-flash-responded = Votre réponse est publiée.
tech-flash-review-restored = L’avis s’affiche de nouveau.
tech-flash-review-hidden = L’avis est masqué.
tech-flash-report-dismissed = Le signalement est rejeté.
field-overall = Note globale
field-ease = Facilité d’utilisation
field-support = Qualité du soutien
field-value = Rapport qualité-prix
field-recommend = Le recommanderiez-vous ?
field-pros = Points forts
field-cons = Points faibles
field-reason = Motif
field-response = Réponse
field-helpful = Utile
validation-score-1-to-5 = { $field } doit être un nombre entier de 1 à 5.
validation-review-text-required = Indiquez les points forts, les points faibles ou les deux.
validation-max-3000-chars = { $field } doit compter au plus 3 000 caractères.
error-conflict-of-interest = Votre organisation vend cette fiche, ou une fiche concurrente : vous ne pouvez pas lui donner d’avis.
error-conflict-review-exists = Vous avez déjà donné votre avis : modifiez-le.
error-conflict-review-changed = L’avis a changé pendant que vous le modifiiez : ouvrez-le de nouveau.
error-conflict-own-review = C’est votre propre avis.
error-conflict-report-open = Vous l’avez déjà signalé ; les modérateurs vont l’examiner.
error-conflict-response-exists = Une autre personne de votre organisation y a déjà répondu.
audit-action-review-hide = Avis masqué
audit-action-review-report-dismiss = Signalement d’avis rejeté
audit-action-review-restore = Avis affiché de nouveau

# Historique des utilisations
tech-record-title = Une utilisation
tech-record-heading = { $org } et { $name }
tech-timeline-title = Mises à niveau et changements
tech-timeline-empty = Rien n’est encore consigné.
tech-timeline-add = Ajouter à l’historique
tech-timeline-save = L’ajouter
tech-timeline-link = Historique
tech-timeline-link-label = Historique de { $org }
tech-change-upgrade = mise à niveau de { $from } à { $to }
tech-change-upgrade-to = mise à niveau à { $to }
tech-change-module = module ajouté : { $title }
tech-change-integration = intégration réalisée : { $title }
tech-change-migration = passage à { $name } depuis
tech-change-kind-upgrade = Mise à niveau
tech-change-kind-module = Module ajouté
tech-change-kind-integration = Intégration réalisée
tech-change-kind-migration = Migration depuis un autre produit
tech-change-upgrade-hint = Une mise à niveau : la version atteinte. La fiche l’affiche ensuite.
tech-change-title-hint = Un module ou une intégration : son nom.
tech-change-replaced-hint = Une migration : le produit remplacé, nommé comme dans le répertoire s’il y figure.
tech-change-lesson-hint = Ce que les autres devraient savoir. 2 000 caractères au plus.
tech-changes-title = Mises à niveau et changements récents
tech-flash-change-added = Ajouté à l’historique.
field-happened_on = Quand
field-from_version = Version de départ
field-to_version = Version atteinte
field-title = Titre
field-replaced = Produit remplacé
field-lesson = Leçon retenue
validation-date-in-future = { $field } ne peut pas être dans le futur.
validation-replaced-itself = { $field } doit être un autre produit que celui-ci.

# Comparer et solutions de rechange
tech-compare-title = Comparer des fiches
tech-compare-form = Choisir des fiches à comparer
tech-compare-hint = Cochez de deux à quatre fiches, puis comparez-les côte à côte.
tech-compare-pick = Comparer { $name }
tech-compare-selected = Comparer les fiches cochées
tech-compare-users = Organisations qui l’utilisent
tech-adoption-title = Adoption
tech-adoption-by-band = Organisations qui l’utilisent, par taille
tech-compare-versions = Versions utilisées
tech-alternatives-title = Solutions de rechange
tech-alternatives-why = Organisations de votre taille qui l’utilisent : { $peers } ; en tout : { $total }
tech-alternatives-compare = La comparer aux premières solutions de rechange
validation-compare-2-to-4 = Choisissez de deux à quatre fiches à comparer.

# Des municipalités comme la mienne
tech-peers-title = Des municipalités comme la mienne
tech-peers-intro = Des municipalités de taille semblable à la vôtre, près de chez vous, qui utilisent ce que vous utilisez : les personnes à appeler avant d’acheter.
tech-peers-none = Aucune municipalité ne ressemble encore à la vôtre : déclarez ce que votre organisation utilise, et vos pairs s’afficheront ici.
tech-peers-who-run-it = Vos pairs qui l’utilisent
tech-peer-same-size = de la même taille que la vôtre
tech-peer-near-size = de taille voisine
tech-peer-same-region = votre région
tech-peer-same-country = votre pays
tech-peer-shared = { $n ->
    [one] une fiche en commun
   *[other] { $n } fiches en commun
}

# Import et export de l’inventaire
tech-export = Télécharger l’inventaire en CSV
tech-import-title = Importer un fichier d’inventaire
tech-import-title-of = Importer un fichier d’inventaire pour { $org }
tech-import-upload = Choisir un fichier
tech-import-intro = Un fichier CSV d’une ligne par fiche, comme le téléchargement le donne. Rien n’est écrit avant que vous ayez vu l’aperçu et confirmé ; un fichier avec une ligne erronée n’écrit rien.
tech-import-columns = Colonnes (seule listing est obligatoire) :
tech-import-preview = Voir l’aperçu de l’import
tech-import-preview-title = Ce que l’import fera
tech-import-preview-counts = { $created } utilisations à ajouter, { $updated } à mettre à jour.
tech-import-line-col = Ligne
tech-import-action = Effet
tech-import-create = Ajoutée
tech-import-update = Mise à jour
tech-import-confirm = Importer ces lignes
tech-import-refused = Le fichier n’a pas été importé : corrigez ces lignes et réessayez.
tech-import-line = Ligne { $n }
tech-flash-imported = Import terminé : { $created } utilisations ajoutées, { $updated } mises à jour.
field-listing = Fiche
field-file = Fichier CSV
field-confirmed_on = Dernière confirmation
validation-csv-unreadable = Le fichier n’est pas un fichier CSV.
validation-csv-not-utf8 = Le fichier doit être du texte en UTF-8.
validation-csv-unknown-column = Cette colonne ne fait pas partie des colonnes de l’inventaire.
validation-csv-no-listing-column = Le fichier doit avoir une colonne listing.
validation-csv-too-many-lines = Un fichier compte au plus 2 000 lignes.
validation-csv-line-unreadable = La ligne n’a pas autant de cellules que l’en-tête.
validation-csv-empty = Le fichier n’a aucune ligne après son en-tête.
validation-csv-unknown-listing = Aucune fiche publiée ne porte ce nom : proposez-la d’abord, ou écrivez-la comme le répertoire.
validation-csv-listing-twice = Cette fiche figure déjà sur une ligne précédente.

# Fraîcheur
tech-confirm-title = Utilisations à confirmer
tech-confirm-intro = Les utilisations de votre organisation que personne n’a confirmées depuis un an. D’autres municipalités s’y fient : confirmez chacune qui est toujours vraie, ou modifiez-la.
tech-confirm-waiting = { $n ->
    [0] Aucune utilisation de votre organisation n’attend de confirmation.
    [one] Une utilisation de votre organisation n’a pas été confirmée depuis un an.
   *[other] { $n } utilisations de votre organisation n’ont pas été confirmées depuis un an.
}
tech-confirm-link = Les confirmer
tech-confirm-you-contact = vous en êtes la personne-ressource
tech-discussions-title = Discussions à son sujet
tech-discussions-empty = Aucune discussion ne la nomme encore.
tech-discussions-all = Toutes les discussions à son sujet
tech-discussions-ask = Demander aux membres qui l’utilisent
tech-discussions-start = Lancer une discussion à son sujet
