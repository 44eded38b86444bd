## Discussions
nav-threads = Discussions
threads-title = Discussions
threads-intro = Demandez comment d’autres municipalités s’y sont prises, et partagez ce que vous avez appris. Chaque discussion peut nommer les technologies dont elle parle.
threads-all = Toutes les discussions
threads-category-restricted = Seuls certains membres voient cette catégorie.
threads-new-link = Lancer une discussion
threads-mine = Mes discussions
threads-unanswered = Questions sans réponse
threads-filters = Filtrer les discussions
threads-category = Catégorie
threads-kind = Genre
threads-tag = Étiquette
threads-empty = Aucune discussion ici pour l’instant.
threads-categories = Catégories
threads-count = { $n ->
    [one] { $n } discussion
   *[other] { $n } discussions
}
threads-answered = Résolue
threads-kind-discussion = Discussion
threads-kind-question = Question
threads-kind-hint = Une question vous permet de marquer la réponse qui l’a résolue.
threads-locked = Verrouillée
threads-locked-notice = Cette discussion est verrouillée : elle ne reçoit plus de réponses.
threads-replies = { $n ->
    [one] { $n } réponse
   *[other] { $n } réponses
}
threads-last-post = dernier message de { $name }
threads-new-title = Lancer une discussion
threads-new-intro = Donnez-lui un titre qui dit ce que vous voulez savoir, et nommez les technologies dont elle parle pour que les membres qui les utilisent la trouvent.
threads-pick-category = Choisissez une catégorie
threads-markdown-hint = Markdown : **gras**, *italique*, [liens](https://example.org), listes, tableaux, > citations et blocs de ``` code.
threads-tags-hint = Jusqu’à 5, séparées par des virgules.
threads-listings-hint = Les fiches technologiques dont elle parle (jusqu’à 10). Maintenez Ctrl ou Cmd pour en choisir plusieurs.
threads-about-my-org = Elle concerne { $name }
threads-post = Publier la discussion
threads-about = À propos de :
threads-pages = Pages de cette discussion
threads-edited = { $n ->
    [one] modifié une fois
   *[other] modifié { $n } fois
}
threads-in-reply-to = en réponse à { $name }
threads-accepted = Réponse acceptée
threads-post-deleted = Ce message a été supprimé.
threads-post-hidden = Un modérateur a masqué ce message.
threads-reply = Répondre
threads-quote = Citer
threads-edit = Modifier
threads-reply-to-label = Répondre au message { $n }
threads-quote-label = Citer le message { $n }
threads-edit-label = Modifier le message { $n }
threads-accept = Accepter cette réponse
threads-unaccept = Retirer l’acceptation
threads-accept-label = Accepter cette réponse, message { $n }
threads-unaccept-label = Retirer l’acceptation, message { $n }
threads-reply-title = Votre réponse
threads-post-reply = Publier la réponse
threads-back-to = Retour à { $title }
threads-replying-to = En réponse à { $name } :
threads-back-to-post = Retour au message
threads-edit-title = Modifier le message
threads-reason-hint = Vous modifiez le message d’un autre membre : dites pourquoi. La raison est gardée dans le journal de modération.
threads-save = Enregistrer
threads-history-title = Versions du message
threads-version = Version { $n }
threads-version-title = Titre : { $title }
threads-flash-created = Votre discussion est publiée.
threads-flash-replied = Votre réponse est publiée.
threads-flash-edited = Le message est enregistré; sa version précédente est gardée.
threads-flash-accepted = La réponse est marquée acceptée.
threads-flash-unaccepted = La réponse n’est plus marquée acceptée.
field-category = Catégorie
field-text = Texte
field-reply = Réponse
field-tags = Étiquettes
field-listings = Technologies
field-orgs = Organisations
field-reply_to = Le message auquel vous répondez
field-page = Page
error-conflict-category-exists = Une catégorie porte déjà ce nom.
error-conflict-thread-locked = Cette discussion est verrouillée : elle ne reçoit plus de réponses.
error-conflict-not-a-question = Seule une question a une réponse acceptée.
error-conflict-accept-first-post = La question elle-même ne peut pas être sa réponse.
validation-max-30000-chars = { $field } doit compter au plus 30 000 caractères.
validation-max-5-tags = { $field } : 5 au plus.
validation-listing-unknown = { $field } : l’une d’elles n’est pas une fiche publiée.
validation-org-unknown = { $field } : l’une d’elles n’est pas une organisation.
validation-category-unknown = { $field } : choisissez une catégorie où vous pouvez publier.
validation-reply-to-other-thread = { $field } n’est pas un message de cette discussion.
audit-action-category-create = A créé une catégorie de discussion
audit-action-category-member-add = A admis un membre dans une catégorie
audit-action-category-member-remove = A retiré un membre d’une catégorie
audit-action-post-moderator-edit = A modifié le message d’un membre
nav-notifications = Notifications
nav-unread = { $n } nouv.
notifications-title = Notifications
notifications-unread = { $n ->
    [0] Rien de nouveau.
    [one] { $n } notification non lue.
   *[other] { $n } notifications non lues.
}
notifications-mark-read = Tout marquer comme lu
notifications-empty = Aucune notification pour l’instant. Suivez une catégorie ou une discussion pour apprendre ce qui s’y passe.
notifications-new = Nouveau
notifications-flash-read = Vos notifications sont marquées comme lues.
notification-reply = { $name } a répondu dans une discussion que vous suivez :
notification-replied-to = { $name } vous a répondu :
notification-accepted = { $name } a accepté votre réponse :
notification-new-thread = { $name } a lancé une discussion dans une catégorie que vous suivez :
notification-asked = { $name } interroge les membres qui utilisent une technologie de votre organisation :
threads-level = M’avertir de
threads-level-form = Notifications pour cette page
threads-level-save = Enregistrer
threads-level-muted = Rien (en sourdine)
threads-level-normal = Réponses à mes messages
threads-level-watching-first = Nouvelles discussions
threads-level-watching = Chaque message
threads-flash-level = Votre réglage de notifications est enregistré.
field-level = Réglage de notifications
field-upto = Jusqu’à
