## Profils
profile-edit = Modifier mon profil
profile-view-as = Voir mon profil comme
profile-view-as-prompt = Voir mon profil comme :
profile-view-as-myself = moi
profile-view-as-member = un membre
profile-view-as-connection = une relation
profile-viewing-as = Vous voyez votre profil comme { $who ->
    [member] un membre qui ne fait pas partie de vos relations
    [connection] une de vos relations
   *[other] vous-même
} le voit.
profile-about = À propos
profile-expertise = Expertise
profile-contact = Coordonnées
profile-details = Détails
profile-years = { $n ->
    [one] Un an
   *[other] { $n } ans
}
profile-links = Liens
profile-nothing-shared = Ce membre n'a rien partagé de plus pour l'instant.
profile-not-in-directory = Ne figure pas dans le répertoire des membres.
profile-edit-title = Modifier mon profil
profile-edit-lead = Vos collègues vous trouvent grâce à ce que vous écrivez ici. Pour chaque champ, choisissez qui peut le voir.
profile-section-about = À propos de vous
profile-section-visibility = Qui voit quoi
profile-bio-hint = Markdown : **gras**, *italique*, [liens](https://exemple.org), listes. 10 000 caractères au plus.
profile-bio-language-hint = La langue dans laquelle votre présentation est écrite.
profile-bio-language-none = Non précisée
profile-links-hint = Une adresse web par ligne, 10 au plus.
profile-expertise-hint = D'autres domaines, séparés par des virgules.
profile-expertise-other = Autres domaines d'expertise
profile-handle-hint = Votre adresse dans CivicLink : { $address }
profile-years-hint = Un nombre entier, de 0 à 70.
profile-in-directory = M'inscrire au répertoire des membres
profile-save = Enregistrer mon profil
profile-saved = Votre profil a été enregistré.
profile-name-always = Votre nom, votre organisation et votre identifiant sont toujours visibles des membres.
visibility-everyone = Tous les membres
visibility-connections = Mes relations seulement
visibility-nobody = Moi seulement
language-en = Anglais
language-fr = Français
error-conflict-handle = Cet identifiant est déjà pris : choisissez-en un autre.

## Champs du profil
field-handle = Identifiant
field-job_title = Titre du poste
field-department = Service
field-bio = Présentation
field-bio_language = Langue de la présentation
field-years_in_municipal_it = Années dans les TI municipales
field-location = Lieu
field-links = Liens
field-expertise = Domaines d'expertise
field-visibility = Visibilité
field-in_directory = Répertoire des membres
field-language = Langue

## Domaines d'expertise proposés
expertise-gis = SIG et cartographie
expertise-cybersecurity = Cybersécurité
expertise-networking = Réseaux
expertise-cloud = Infonuagique
expertise-microsoft-365 = Microsoft 365
expertise-erp-finance = PGI et finances
expertise-hr-payroll = RH et paie
expertise-asset-management = Gestion des actifs
expertise-permitting-licensing = Permis et licences
expertise-records-management = Gestion documentaire
expertise-service-desk = Centre de services
expertise-data-analytics = Données et analytique
expertise-open-data = Données ouvertes
expertise-web-digital-services = Web et services numériques
expertise-telephony = Téléphonie
expertise-public-safety = Systèmes de sécurité publique
expertise-procurement = Approvisionnement en TI
expertise-project-management = Gestion de projets
expertise-identity-access = Identités et accès
expertise-backup-recovery = Sauvegarde et reprise

## Droits sur les données
privacy-download = Télécharger mes données
privacy-delete = Supprimer mon compte
privacy-delete-title = Supprimer mon compte
privacy-delete-lead = Cette action efface pour de bon votre nom, votre adresse courriel, votre mot de passe, votre profil, vos relations et vos abonnements. Ce que vous avez écrit reste, attribué à un ancien membre. Impossible de revenir en arrière.
privacy-delete-confirm-hint = Tapez votre adresse courriel pour confirmer.
privacy-delete-submit = Supprimer mon compte pour de bon
privacy-deleted = Votre compte a été supprimé.
field-confirm_email = Votre adresse courriel
validation-confirm-email = { $field } ne correspond pas à l'adresse de votre compte.

## Photo de profil
field-avatar = Photo de profil
profile-avatar-title = Photo de profil
profile-avatar-choose = Choisir une image
profile-avatar-hint = Une image PNG, JPEG ou WebP de 5 Mo au plus. Elle est recadrée en carré et affichée en petit ; le lieu et les informations d'appareil contenus dans le fichier sont supprimés.
profile-avatar-upload = Envoyer la photo
profile-avatar-remove = Retirer ma photo
profile-avatar-saved = Votre photo a été mise à jour.
profile-avatar-removed = Votre photo a été retirée.
validation-avatar-format = { $field } : choisissez une image PNG, JPEG ou WebP.
validation-avatar-missing = Choisissez une photo à envoyer.
validation-avatar-too-large = { $field } : 5 Mo au plus.
validation-avatar-too-many-pixels = { $field } : l'image est trop grande (40 mégapixels au plus).
