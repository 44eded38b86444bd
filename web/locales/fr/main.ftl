# CivicLink, français. Chaque clé existe aussi dans en/main.ftl (un test le vérifie).

## Mise en page
site-name = CivicLink
site-tagline = le réseau privé des TI municipales
skip-to-content = Aller au contenu principal
nav-main = Navigation principale
nav-profile = Mon profil
nav-directory = Répertoire
nav-home = Accueil
nav-admin = Administration
nav-login = Se connecter
nav-join = Adhérer
nav-logout = Se déconnecter
nav-language = Langue
switch-language = English
title-suffix = CivicLink

## Erreurs affichées en page ou dans l'API
error-heading-not-found = Page introuvable
error-heading-forbidden = Accès refusé
error-heading-rate-limited = Trop de tentatives
error-heading-gone = Ce lien ne fonctionne plus
error-heading-server = Une erreur est survenue
error-heading-other = Il y a un problème
error-number = Erreur { $status }
error-go-home = Aller à la page d'accueil
error-go-directory = Chercher dans l'annuaire des membres
error-page-not-found = La page ou le membre que vous cherchez n'existe pas, ou ne vous est pas visible.
error-page-forbidden = Vous n'avez pas la permission de voir cette page ou de faire ceci.
error-hint-not-found = Vérifiez que l'adresse ne contient pas de faute de frappe. Si quelqu'un vous a envoyé ce lien, ce qu'il désignait a peut-être été déplacé ou supprimé.
error-hint-forbidden = Si vous pensez devoir y avoir accès, adressez-vous à un administrateur de votre association.
error-hint-rate-limited = Cette limite protège les comptes contre les essais au hasard. Patientez un peu, puis réessayez.
error-hint-gone = Demandez un nouveau lien, ou recommencez depuis la page d'accueil.
error-hint-server = Le problème a été enregistré. Patientez un instant et réessayez ; s'il persiste, prévenez un administrateur de votre association.
error-hint-other = Revenez en arrière, vérifiez ce que vous avez saisi et réessayez.
error-unauthenticated = Connectez-vous pour continuer.
error-forbidden = Vous n'avez pas le droit de faire ceci.
error-membership_lapsed = Votre adhésion est échue : renouvelez-la pour continuer.
error-not_found = Introuvable.
error-bad_request = La requête n'a pas pu être comprise.
error-payload_too_large = La requête est trop volumineuse.
error-csrf_failed = Le formulaire a expiré ou a été envoyé depuis un autre site : rechargez la page et réessayez.
error-rate_limited = Trop de tentatives : réessayez dans { $seconds ->
    [one] une seconde
   *[other] { $seconds } secondes
}.
error-internal = Une erreur est survenue de notre côté ; veuillez réessayer.
error-busy = Le serveur est occupé : veuillez réessayer dans un instant.
error-method_not_allowed = Cette méthode n'est pas permise ici.
error-unsupported_media_type = Envoyez la requête en JSON (API) ou comme formulaire.
error-timeout = La requête a pris trop de temps.
error-invalid_credentials = Le courriel ou le mot de passe est incorrect.
error-email_not_verified = Confirmez d'abord votre adresse courriel : nous vous avons envoyé un lien.
error-awaiting_approval = Votre demande d'adhésion attend l'approbation d'un administrateur.
error-join_declined = Votre demande d'adhésion a été refusée.
error-suspended = Votre adhésion est suspendue.
error-invalid_token = Ce lien n'est pas valide.
error-bearer-invalid = Ce jeton d’API n’est pas valide : il est inconnu, révoqué ou expiré, ou son membre ne peut pas se connecter.
error-insufficient_scope = Ce jeton d’API ne peut que lire. Créez un jeton avec la portée écriture pour modifier quoi que ce soit.
error-session_required = Connectez-vous avec votre mot de passe pour faire ceci : les jetons d’API ne le peuvent pas.
error-token_expired = Ce lien a expiré.
error-token_used = Ce lien a déjà été utilisé.
error-invite_unavailable = Cette invitation { $reason ->
    [revoked] a été révoquée
    [expired] a expiré
   *[used] a déjà servi le nombre de fois permis
}.
error-conflict-email = Un membre utilise déjà cette adresse courriel.
error-conflict-association-name = Une association porte déjà ce nom.
error-conflict-organization-name = Une organisation de l'association porte déjà ce nom.
error-conflict-already-approved = Cette demande a déjà été approuvée.
error-conflict-already-declined = Cette demande a déjà été refusée.
error-conflict-decided-elsewhere = Quelqu'un d'autre a déjà traité cette demande.
error-conflict-own-role = Vous ne pouvez pas changer votre propre rôle ni votre propre statut.
error-conflict-own-expiry = Vous ne pouvez pas changer la fin de votre propre adhésion : un autre administrateur la renouvelle.
error-summary-title = Il y a un problème
error-prefix = Erreur :

## Validation : { $field } est le libellé du champ
validation-required = { $field } : ce champ est obligatoire.
validation-control-chars = { $field } : les caractères de contrôle ne sont pas permis.
validation-max-100-chars = { $field } : 100 caractères au plus.
validation-max-200-chars = { $field } : 200 caractères au plus.
validation-max-256-chars = { $field } : 256 caractères au plus.
validation-max-2000-chars = { $field } : 2000 caractères au plus.
validation-min-10-chars = { $field } : au moins 10 caractères.
validation-email-invalid = { $field } : entrez une adresse courriel comme nom@exemple.org.
validation-country-invalid = { $field } : entrez un code de pays de deux lettres, comme CA ou NZ.
validation-kind-invalid = { $field } : choisissez municipalité, fournisseur ou partenaire.
validation-role-invalid = { $field } : ce rôle n'existe pas.
validation-status-invalid = { $field } : ce statut n'existe pas.
validation-population-invalid = { $field } : entrez un nombre entier entre 0 et 400 000 000.
validation-invalid-choice = { $field } : ce choix n'est pas valide.
validation-unknown-association = { $field } : cette association n'existe pas.
validation-org-not-in-association = { $field } : cette organisation ne fait pas partie de l'association choisie.
validation-request-status-invalid = { $field } : choisissez en attente, approuvées, refusées ou toutes.
validation-date-invalid = { $field } : entrez une date (AAAA-MM-JJ) ou une heure RFC 3339.
validation-between-1-1000 = { $field } : entrez un nombre entre 1 et 1000.
validation-between-1-90 = { $field } : entrez un nombre entre 1 et 90.
validation-between-1-365 = { $field } doit être compris entre 1 et 365.
validation-status-active-or-suspended = { $field } : seuls les statuts actif et suspendu peuvent être choisis.
validation-approve-to-activate = Approuvez la demande d'adhésion pour activer un membre en attente.
validation-site-admin-only-outside = Un membre qui ne fait partie d'aucune association ne peut être qu'administrateur du site.
validation-password-mismatch = Les deux mots de passe ne sont pas identiques.
validation-body = { $field } n'a pas pu être lu : { $detail }

## Libellés des champs
field-email = Adresse courriel
field-display_name = Nom
field-password = Mot de passe
field-password_confirm = Nouveau mot de passe, encore une fois
field-association_id = Association
field-org_id = Organisation
field-message = Message
field-max_uses = Nombre d'utilisations
field-valid_days = Jours de validité
field-note = Note
field-name = Nom
field-short_name = Nom abrégé
field-country = Pays
field-region = Région
field-population = Population
field-kind = Type
field-role = Rôle
field-status = Statut
field-membership_expires_at = Membre jusqu'au
field-body = Le corps de la requête
field-actor_id = Administrateur
field-token = Le lien

## Rôles, statuts, types
role-member = Membre
role-moderator = Modérateur
role-association_admin = Administrateur d'association
role-site_admin = Administrateur du site
status-pending = En attente
status-active = Actif
status-suspended = Suspendu
status-lapsed = Échu
kind-municipality = Municipalité
kind-vendor = Fournisseur
kind-partner = Partenaire
request-status-pending = En attente d'une décision
request-status-approved = Approuvées
request-status-declined = Refusées
request-status-all = Toutes

## Dates et nombres
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
date-format = { $day } { $month } { $year }
datetime-format = { $date } à { $hour } h { $minute } UTC
relative-now = à l'instant
relative-minutes = { $n ->
    [one] il y a une minute
   *[other] il y a { $n } minutes
}
relative-hours = { $n ->
    [one] il y a une heure
   *[other] il y a { $n } heures
}
relative-days = { $n ->
    [one] hier
   *[other] il y a { $n } jours
}

## Connexion
login-title = Connexion
login-heading = Se connecter à CivicLink
login-lead = Le réseau privé des personnes qui font fonctionner les TI municipales.
login-submit = Se connecter
login-forgot = Mot de passe oublié ?
login-new = Nouveau sur CivicLink ?
login-ask-to-join = Demander à adhérer
logged-out = Vous êtes déconnecté.

## Adhésion
join-title = Adhérer à CivicLink
join-lead = CivicLink s'adresse au personnel des municipalités membres et de leurs partenaires. Un administrateur de votre association examine chaque demande.
join-name-label = Votre nom
join-name-hint = Tel que vos collègues vous connaissent.
join-email-label = Adresse courriel professionnelle
join-email-hint = Nous y envoyons un lien de confirmation.
join-password-hint = Au moins 10 caractères.
join-association-choose = Choisissez votre association
join-org-hint = Votre municipalité ou votre entreprise, si elle figure dans la liste.
join-org-not-listed = Absente de la liste
join-message-label = Message aux administrateurs (facultatif)
join-message-hint = Votre rôle, votre équipe, ce que vous espérez trouver ici.
join-submit = Demander à adhérer
join-already-member = Déjà membre ?
join-sent-title = Consultez vos courriels
join-sent = Consultez vos courriels : nous vous avons envoyé un lien pour confirmer votre adresse (il expire dans 48 heures).
join-sent-review = Une fois votre adresse confirmée, un administrateur de votre association examinera votre demande. Nous vous écrirons lorsqu'elle sera approuvée.
join-sent-invite = Votre adhésion commence dès que vous l'aurez confirmée.
invite-lead = Vous êtes invité à joindre { $association }.
invite-lead-org = Vous êtes invité à joindre { $association } en tant que membre de { $org }.
invite-submit = Adhérer

## Confirmation du courriel
verify-title = Confirmez votre adresse courriel
verify-lead = Appuyez sur le bouton pour confirmer que cette adresse courriel est la vôtre.
verify-submit = Confirmer mon adresse courriel
verified-title = Adresse courriel confirmée
verified-active = Votre adresse courriel est confirmée et votre adhésion est active.
verified-awaiting = Votre adresse courriel est confirmée. Un administrateur de votre association va maintenant examiner votre demande ; nous vous écrirons lorsqu'elle sera approuvée.

## Réinitialisation du mot de passe
reset-title = Réinitialiser votre mot de passe
reset-lead = Entrez l'adresse courriel de votre compte. Nous vous enverrons un lien pour choisir un nouveau mot de passe.
reset-submit = Envoyer le lien
reset-back = Retour à la connexion
reset-sent = Si cette adresse correspond à un compte, nous lui avons envoyé un lien pour choisir un nouveau mot de passe (il expire dans une heure).
reset-form-title = Choisissez un nouveau mot de passe
reset-new-password = Nouveau mot de passe
reset-form-submit = Changer mon mot de passe
reset-done = Votre mot de passe a été changé. Connectez-vous avec votre nouveau mot de passe.

## Accueil et renouvellement
home-title = Accueil
home-welcome = Bienvenue, { $name }
home-membership = Votre adhésion
home-association = Association
home-organization = Organisation
home-role = Rôle
home-member-until = Membre jusqu'au
home-no-end = Sans date de fin
home-admin = Administration
home-requests = { $n ->
    [0] Aucune demande d'adhésion n'est en attente.
    [one] Une demande d'adhésion attend une décision.
   *[other] { $n } demandes d'adhésion attendent une décision.
}
home-review = Examiner les demandes d'adhésion
renew-title = Renouvelez votre adhésion
renew-ended-on = Votre adhésion à CivicLink a pris fin le { $date }.
renew-ended = Votre adhésion à CivicLink a pris fin.
renew-body = Tout ce que vous avez écrit est conservé. Pour revenir, demandez à { $association } de renouveler votre adhésion ; un administrateur fixe une nouvelle date de fin et vous reprenez là où vous en étiez.
renew-your-association = votre association
renew-ask-title = Demander le renouvellement
renew-ask-note-label = Un mot pour les administrateurs (facultatif)
renew-ask-note-hint = Par exemple, votre poste actuel, ou la date à laquelle votre organisation a renouvelé son adhésion. 1000 caractères au plus.
renew-ask-submit = Demander à { $association } de renouveler mon adhésion
renew-asked-on = Vous avez fait la demande le { $date } et les administrateurs ont été avisés par courriel. Vous pourrez la refaire à partir du { $again }.
renew-asked-now = Votre demande est envoyée : les administrateurs de { $association } ont été avisés par courriel.
error-conflict-renewal-not-lapsed = Votre adhésion est en cours : il n'y a rien à renouveler.
error-conflict-renewal-asked = Vous avez déjà demandé un renouvellement dans les dernières 24 heures. Les administrateurs sont avisés ; vous pourrez redemander demain.
error-conflict-too-many-tokens = Vous avez déjà 50 jetons actifs. Révoquez d’abord un jeton dont vous ne vous servez plus.
email-renewal-asked-subject = { $name } demande le renouvellement de son adhésion à CivicLink
email-renewal-asked-body = L'adhésion de { $name } ({ $email }, { $org }) a pris fin, et cette personne en demande le renouvellement. En tant qu'administrateur de son association, vous pouvez fixer une nouvelle date de fin sur sa page.
email-renewal-asked-note = Son message : « { $note } »
email-renewal-asked-action = Ouvrir sa page
email-renewal-no-org = aucune organisation

## Administration
admin-nav = Administration
admin-requests = Demandes d'adhésion
admin-invites = Invitations
admin-members = Membres
admin-organizations = Organisations
admin-associations = Associations
admin-audit = Journal d'audit
admin-show = Afficher
admin-filter = Filtrer
admin-any = Indifférent
admin-none = Aucune
admin-yes = Oui
admin-no = Non
admin-actions = Actions
requests-none = Aucune demande à afficher.
requests-email = Courriel
requests-confirmed = confirmé
requests-unconfirmed = pas encore confirmé
requests-asked = Demandée
requests-status = Statut
requests-approve = Approuver
requests-approve-label = Approuver { $name }
requests-decline = Refuser
requests-decline-label = Refuser { $name }
requests-approved = La demande de { $name } a été approuvée.
requests-declined = La demande de { $name } a été refusée.
invites-created = Le lien d'invitation est prêt.
invites-copy-now = Copiez-le maintenant : il n'est affiché qu'une seule fois.
invites-link = Lien d'invitation
invites-new = Nouvelle invitation
invites-org-optional = Organisation (facultative)
invites-max-uses = Combien de personnes peuvent l'utiliser
invites-max-uses-hint = De 1 à 1000.
invites-valid-days = Nombre de jours de validité
invites-valid-days-hint = De 1 à 90.
invites-note = Note (facultative)
invites-note-hint = Seuls les administrateurs la voient.
invites-submit = Créer le lien d'invitation
invites-made = Invitations créées
invites-none = Aucune invitation pour l'instant.
invites-used = Utilisations
invites-used-of = { $uses } sur { $max }
invites-expires = Expire
invites-state = État
invites-revoked = Révoquée
invites-usable = Utilisable
invites-spent = Épuisée ou expirée
invites-revoke = Révoquer
invites-revoked-flash = L'invitation a été révoquée.
members-search = Nom ou courriel
members-filter-label = Filtrer les membres
members-shown = { $n ->
    [one] Un membre affiché.
   *[other] { $n } membres affichés.
}
members-pages = Pages de la liste des membres
members-next-page = Page suivante
members-first-page = Revenir à la première page
members-email = Courriel
members-email-confirmed = Courriel confirmé
members-joined = Inscrit
members-change = Modifier l'adhésion
members-own = Vous ne pouvez pas changer votre propre rôle ni votre propre statut.
members-unchanged = { $status } (inchangé)
members-reinstate = Rétablir (actif)
members-suspend = Suspendre
members-until-hint = L'adhésion prend fin à la fin de ce jour (UTC). Laissez vide pour une adhésion sans date de fin.
members-save = Enregistrer les modifications
members-updated = { $name } a été mis à jour.
orgs-add = Ajouter une organisation
orgs-all = Toutes les organisations
orgs-region-hint = Province, État ou région.
orgs-country-hint = Code de deux lettres, comme CA ou NZ.
orgs-population-optional = Population (facultative)
orgs-submit = Ajouter l'organisation
orgs-added = { $name } a été ajoutée.
orgs-in = { $kind }, association { $association }.
associations-add = Ajouter une association
associations-submit = Ajouter l'association
audit-filter-label = Filtrer le journal d'audit
audit-when = Quand
audit-who = Qui
audit-action = Action
audit-target = Cible
audit-details = Détails
audit-from = Depuis
audit-system = Système
audit-older = Entrées plus anciennes
audit-action-join-request-approve = A approuvé une demande d'adhésion
audit-action-join-request-decline = A refusé une demande d'adhésion
audit-action-invite-create = A créé un lien d'invitation
audit-action-invite-revoke = A révoqué un lien d'invitation
audit-action-member-suspend = A suspendu un membre
audit-action-member-reinstate = A rétabli un membre
audit-action-member-status-change = A changé le statut d'un membre
audit-action-member-role-change = A changé le rôle d'un membre
audit-action-member-expiry-change = A changé la fin d'une adhésion
audit-action-member-org-change = A déplacé un membre vers une autre organisation
audit-action-member-export = A téléchargé ses propres données
audit-action-api-token-create = A créé un jeton d’API
audit-action-api-token-revoke = A révoqué un jeton d’API
audit-action-member-erase = A supprimé son propre compte
audit-action-association-create = A ajouté une association
audit-action-organization-create = A ajouté une organisation
audit-action-organization-update = A modifié une organisation
audit-action-org-admin-add = A nommé un membre administrateur d'une organisation
audit-action-org-admin-remove = A mis fin à l'administration d'une organisation par un membre
audit-action-org-claim-approve = A approuvé une déclaration d'appartenance à une organisation
audit-action-org-claim-decline = A refusé une déclaration d'appartenance à une organisation
audit-change = { $from } → { $to }
audit-no-end = sans fin
audit-former-member = Ancien membre
audit-target-invite = Lien d'invitation
audit-target-join-request = Demande d'adhésion
audit-from-server = serveur, sans requête web (une commande ou les données de démonstration)

## Messages de l'API
api-join-accepted = Consultez vos courriels : nous vous avons envoyé un lien pour confirmer votre adresse (il expire dans 48 heures).
api-reset-accepted = Si cette adresse correspond à un compte, nous lui avons envoyé un lien pour choisir un nouveau mot de passe (il expire dans une heure).

## Courriels
email-greeting = Bonjour { $name },
email-closing = L'équipe CivicLink
email-button-fallback = Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :
email-verify-subject = Confirmez votre adresse courriel pour CivicLink
email-verify-body = Veuillez confirmer que cette adresse courriel est la vôtre. Le lien ne fonctionne qu'une fois et expire dans 48 heures.
email-verify-ignore = Si vous n'avez pas demandé à adhérer à CivicLink, vous pouvez ignorer ce message.
email-verify-action = Confirmer mon adresse courriel
email-exists-subject = Vous avez déjà un compte CivicLink
email-exists-body = Quelqu'un, probablement vous, a tenté d'adhérer à CivicLink avec cette adresse courriel, qui a déjà un compte.
email-exists-hint = Vous pouvez vous connecter, ou réinitialiser votre mot de passe si vous l'avez oublié.
email-exists-reset = Réinitialiser votre mot de passe : { $link }
email-exists-action = Se connecter
email-reset-subject = Réinitialisez votre mot de passe CivicLink
email-reset-body = Utilisez le lien ci-dessous pour choisir un nouveau mot de passe. Il ne fonctionne qu'une fois et expire dans une heure.
email-reset-ignore = Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.
email-reset-action = Choisir un nouveau mot de passe
email-approved-subject = Bienvenue dans CivicLink : votre adhésion est approuvée
email-approved-body = Votre demande d'adhésion à CivicLink a été approuvée. Vous pouvez maintenant vous connecter.
email-approved-action = Se connecter
email-declined-subject = Votre demande d'adhésion à CivicLink
email-declined-body = Un administrateur de votre association a examiné votre demande d'adhésion à CivicLink et n'a pas pu l'approuver.
email-declined-hint = Si vous pensez qu'il s'agit d'une erreur, veuillez communiquer avec votre association.

## Validation des profils et des relations
validation-handle-invalid = { $field } : de 3 à 30 caractères, lettres minuscules, chiffres, - et _, en commençant par une lettre.
validation-handle-reserved = { $field } ne peut pas commencer par « former- » : ces adresses sont celles des comptes effacés.
validation-tag-invalid = { $field } : de 2 à 40 lettres, chiffres, espaces ou tirets.
validation-max-30-tags = { $field } : 30 étiquettes au plus.
validation-years-invalid = { $field } : entrez un nombre entier entre 0 et 70.
validation-link-invalid = { $field } : entrez des adresses web qui commencent par https:// ou http://.
validation-max-10-links = { $field } : 10 liens au plus.
validation-max-10000-chars = { $field } : 10 000 caractères au plus.
validation-note-too-long = { $field } : 500 caractères au plus.
