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
threads-flag = Signaler
threads-flag-label = Signaler le message { $n }
threads-flag-title = Signaler un message aux modérateurs
threads-flag-intro = Dites aux modérateurs ce qui ne va pas dans ce message. Ils décident; son auteur ne sait pas qui l’a signalé.
threads-flag-note-hint = Facultatif, sauf si la raison est autre. Au plus 1000 caractères.
threads-flag-send = Envoyer aux modérateurs
threads-flag-spam = Pourriel ou publicité
threads-flag-off-topic = Hors sujet
threads-flag-inappropriate = Inapproprié ou hostile
threads-flag-other = Autre chose
threads-flag-by = signalé par { $by }; écrit par { $author }
threads-flags-title = Messages signalés
threads-flags-empty = Aucun signalement en attente.
threads-hide = Masquer le message
threads-hide-label = Masquer le message dans { $title }
threads-dismiss = Rejeter le signalement
threads-dismiss-label = Rejeter le signalement dans { $title }
threads-delete = Supprimer
threads-delete-label = Supprimer le message { $n }
threads-restore = Rétablir
threads-restore-label = Rétablir le message { $n }
threads-moderate = Modérer cette discussion
threads-lock = Verrouillée : aucune nouvelle réponse
threads-pin = Épinglée dans sa catégorie
threads-pin-globally = Épinglée dans toutes les listes
threads-move-to = Catégorie
threads-flash-flagged = Merci : les modérateurs vont l’examiner.
threads-flash-hidden = Le message est masqué.
threads-flash-deleted = Le message est supprimé.
threads-flash-restored = Le message est de nouveau visible.
threads-flash-dismissed = Le signalement est rejeté.
threads-flash-moderated = La discussion est mise à jour.
field-flag-reason = Raison
error-conflict-flag-own = Vous ne pouvez pas signaler votre propre message.
error-conflict-flag-open = Vous avez déjà signalé ce message; les modérateurs n’ont pas encore décidé.
error-conflict-post-not-hidden = Ce message n’est ni masqué ni supprimé.
audit-action-post-hide = A masqué un message
audit-action-post-delete = A supprimé un message
audit-action-post-restore = A rétabli un message
audit-action-post-flag-dismiss = A rejeté un signalement
audit-action-thread-lock = A verrouillé ou déverrouillé une discussion
audit-action-thread-pin = A épinglé ou désépinglé une discussion
audit-action-thread-move = A déplacé une discussion
notification-reaction = { $name } a réagi à votre message :
notification-reaction-more = { $name } et { $others } de plus ont réagi à votre message :
threads-reaction-like = 👍 J’aime
threads-reaction-thanks = 🙏 Merci
threads-reaction-insightful = 💡 Éclairant
threads-reaction-same-here = 🤝 Nous aussi
threads-bookmark = Ajouter un signet
threads-unbookmark = Retirer le signet
threads-bookmarks = Mes signets
threads-watched = Suivies
threads-flash-bookmarked = Signet ajouté.
threads-flash-unbookmarked = Le signet est retiré.
error-conflict-react-own = Vous ne pouvez pas réagir à votre propre message.
field-reaction = Réaction
threads-unread = { $n ->
    [one] { $n } nouveau
   *[other] { $n } nouveaux
}
threads-new-since = Nouveau depuis votre dernière visite
threads-slow-mode = Mode lent : secondes entre deux messages d’un membre (0 : désactivé)
threads-slow-mode-on = { $n ->
    [one] mode lent : un message par seconde et par membre
   *[other] mode lent : un message toutes les { $n } secondes par membre
}
error-silenced = Un modérateur vous a mis en sourdine dans les discussions jusqu’au { $until }.
error-conflict-silence-self = Vous ne pouvez pas vous mettre vous-même en sourdine.
field-slow_mode_secs = Mode lent
field-days = Jours
audit-action-thread-slow-mode = A réglé le mode lent d’une discussion
audit-action-member-silence = A mis un membre en sourdine dans les discussions
audit-action-member-unsilence = A levé la sourdine d’un membre
