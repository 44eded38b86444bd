## Pages des organisations
org-edit = Modifier cette organisation
org-edit-page = Modifier la page de l'organisation
org-follow-label = Suivre { $org }
org-unfollow-label = Ne plus suivre { $org }
org-view-page = Voir sa page
org-members = Membres
org-no-members = Aucun membre pour l'instant.
field-size_band = Taille
field-it_team_size = Taille de l'équipe des TI
field-website = Site web
field-description = Description
field-municipality_type = Type de municipalité
org-municipality-type-none = Pas une municipalité, ou non précisé
org-municipality_type-optional = Type de municipalité (facultatif)
org-it_team_size-optional = Taille de l'équipe des TI (facultative)
org-website-optional = Site web (facultatif)
org-description-optional = Description (facultative)
size-band-under_10k = Moins de 10 000 habitants
size-band-10k_50k = De 10 000 à 50 000 habitants
size-band-50k_250k = De 50 000 à 250 000 habitants
size-band-250k_1m = De 250 000 à 1 million d'habitants
size-band-over_1m = Plus d'un million d'habitants
municipality-type-city = Cité
municipality-type-town = Ville
municipality-type-township = Canton
municipality-type-village = Village
municipality-type-county = Comté
municipality-type-region = Région
municipality-type-municipality = Municipalité
municipality-type-city_council = Conseil municipal de cité
municipality-type-district_council = Conseil de district
municipality-type-regional_council = Conseil régional
municipality-type-unitary_council = Conseil unitaire
members-org-change = Changer d'organisation
members-org-new = Nouvelle organisation
members-org-move = Déplacer
members-org-history = Organisations au fil du temps
members-org-now = aujourd'hui

## Administrateurs d'organisation et demandes d'appartenance
org-admins = Administrateurs
org-admins-none = Aucun administrateur pour l'instant : les administrateurs de l'association s'occupent de cette page.
org-admin-step-down = Quitter le rôle d'administrateur
org-admin-step-down-confirm = Vous ne pourrez plus modifier la page de l'organisation ni décider qui en fait partie. Les administrateurs de l'association peuvent vous redonner ce rôle.
org-admin-step-down-last = Vous êtes son seul administrateur : l'organisation n'aura plus d'administrateur, et les demandes d'appartenance iront aux administrateurs de l'association.
org-admin-step-down-yes = Oui, quitter le rôle
org-admin-flash-added = Ce membre administre maintenant l'organisation.
org-admin-flash-removed = Ce membre n'administre plus l'organisation.
org-admins-manage = Administrateurs de l'organisation
org-admins-manage-intro = Les administrateurs modifient la page de l'organisation et décident qui en fait partie. Ils doivent en être membres actifs.
org-admin-remove = Retirer
org-admin-remove-label = Retirer { $name } des administrateurs
org-admin-add = Nommer administrateur
org-admin-add-none = Aucun membre actif de cette organisation ne peut être nommé administrateur.
org-claims-link = { $n ->
    [0] Demandes d'appartenance
    [one] Demandes d'appartenance (une en attente)
   *[other] Demandes d'appartenance ({ $n } en attente)
}
org-claim-title = Travaillez-vous ici ?
org-claim-intro = Demandez à figurer parmi les membres de cette organisation. Ses administrateurs décideront.
org-claim-note = Un mot pour les administrateurs (facultatif)
org-claim-note-hint = Votre rôle, votre équipe ; { $max } caractères au plus.
org-claim-submit = Demander à en faire partie
org-claim-pending = Votre demande pour faire partie de { $org } attend une décision.
org-claim-withdraw = Retirer ma demande
org-claim-flash-sent = Votre demande a été envoyée aux administrateurs de l'organisation.
org-claim-flash-withdrawn = Vous avez retiré votre demande.
org-claim-flash-approved = { $name } fait maintenant partie de cette organisation.
org-claim-flash-declined = Vous avez refusé la demande de { $name }.
org-claims-title = Demandes d'appartenance
org-claims-intro = Les membres qui disent travailler pour { $org }.
org-claims-pending = En attente de décision
org-claims-none = Aucune demande en attente.
org-claims-now-at = Actuellement chez { $org }
org-claims-asked = demandé
org-claims-decided = Décidées
org-claims-decided-none = Rien n'a encore été décidé.
org-claims-when = Décidée le
org-claim-approve = Approuver
org-claim-approve-label = Approuver la demande de { $name }
org-claim-decline = Refuser
org-claim-decline-label = Refuser la demande de { $name }
org-claim-status-pending = En attente
org-claim-status-approved = Approuvée
org-claim-status-declined = Refusée
org-claim-status-withdrawn = Retirée
org-edit-title = Modifier la page de l'organisation
org-edit-intro = La page de { $org }.
org-edit-saved = La page de l'organisation est enregistrée.
org-edit-identity-hint = Le nom, le type et le lieu d'une organisation sont modifiés par les administrateurs de son association.
error-conflict-already-in-org = Vous faites déjà partie de cette organisation.
error-conflict-claim-pending = Vous avez déjà une demande en attente. Retirez-la d'abord.
error-conflict-claim-decided = Cette demande a déjà été traitée ou retirée.
validation-max-1000-chars = { $field } : 1000 caractères au plus.
validation-org-admin-not-in-org = { $field } doit être un membre actif de cette organisation.
validation-org-admin-not-active = { $field } doit être un membre actif de cette organisation.
field-member_id = Membre
email-claim-waiting-subject = { $name } dit travailler pour { $org }
email-claim-waiting-body = { $name } a demandé à figurer parmi les membres de { $org } sur CivicLink. En tant qu'administrateur, vous pouvez approuver ou refuser la demande.
email-claim-waiting-action = Voir les demandes
email-claim-approved-subject = Vous figurez maintenant chez { $org }
email-claim-approved-body = Votre demande pour faire partie de { $org } a été approuvée. Votre profil l'indique désormais.
email-claim-approved-action = Voir mon profil
email-claim-declined-subject = Votre demande pour faire partie de { $org }
email-claim-declined-body = Un administrateur a examiné votre demande pour faire partie de { $org } et n'a pas pu l'approuver. S'il s'agit d'une erreur, contactez-le ou contactez votre association.
home-org-admin = Organisations que vous administrez
home-claims-waiting = { $n ->
    [0] aucune demande en attente
    [one] une demande d'appartenance en attente
   *[other] { $n } demandes d'appartenance en attente
}
