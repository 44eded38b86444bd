# Relations, demandes, blocages et abonnements : la page « Mon réseau » et les boutons des profils.

nav-connections = Mon réseau
connections-title = Mon réseau
connections-incoming = Demandes reçues
connections-incoming-none = Personne n'attend votre réponse.
connections-outgoing = Demandes envoyées
connections-outgoing-none = Aucune de vos demandes n'attend de réponse.
connections-asked = Reçue
connections-sent = Envoyée
connections-accept-label = Accepter la demande de { $name }
connections-decline-label = Refuser la demande de { $name }
connections-withdraw-label = Retirer la demande faite à { $name }
connections-mine = Mes relations
connections-mine-none = Vous n'avez pas encore de relations. Trouvez des collègues dans l'annuaire et proposez-leur d'entrer en relation.
connections-remove-label = Retirer la relation avec { $name }
connections-remove-confirm = Retirer votre relation avec { $name } ? Vous pourrez de nouveau demander à entrer en relation plus tard.
connections-remove-yes = Oui, retirer
connections-remove-yes-label = Oui, retirer la relation avec { $name }
connections-following = Mes abonnements
connections-following-none = Vous ne suivez encore personne.
connections-organization = Organisation
connections-unfollow-label = Ne plus suivre { $name }
connections-blocked = Membres bloqués
connections-blocked-none = Vous n'avez bloqué personne.
connections-unblock-label = Débloquer { $name }
connections-flash-requested = Votre demande a été envoyée.
connections-flash-accepted = Vous êtes maintenant en relation.
connections-flash-declined = La demande a été refusée.
connections-flash-withdrawn = Votre demande a été retirée.
connections-flash-removed = La relation a été retirée.
connections-flash-blocked = Le membre est bloqué : il ne peut plus vous demander d'entrer en relation ni voir ce que vous partagez avec vos relations.
connections-flash-unblocked = Le membre n'est plus bloqué.
connections-flash-followed = Vous suivez maintenant ce compte.
connections-flash-unfollowed = Vous ne suivez plus ce compte.
connections-flash-followed-org = Vous suivez maintenant cette organisation.
connections-flash-unfollowed-org = Vous ne suivez plus cette organisation.

connect-title = Relation
connect-status-none = Vous n'êtes pas en relation.
connect-status-sent = Vous avez demandé à entrer en relation ; la demande attend une réponse.
connect-status-received = Ce membre vous a demandé d'entrer en relation.
connect-status-connected = Vous êtes en relation.
connect-status-you-blocked = Vous avez bloqué ce membre.
connect-status-unavailable = Vous ne pouvez pas entrer en relation avec ce membre.
connect-followers = { $n ->
    [0] Aucun abonné
    [one] Un abonné
   *[other] { $n } abonnés
}
connect-note = Un mot (facultatif)
connect-note-hint = Quelques mots sur la raison de votre demande, 500 caractères au plus.
connect-request = Demander à entrer en relation
connect-withdraw = Retirer la demande
connect-accept = Accepter
connect-decline = Refuser
connect-remove = Retirer la relation
connect-follow = Suivre
connect-unfollow = Ne plus suivre
connect-block = Bloquer
connect-block-hint = Un membre bloqué ne peut plus vous demander d'entrer en relation ni voir ce que vous partagez avec vos relations ; toute relation entre vous prend fin.
connect-unblock = Débloquer

error-conflict-connect-self = Vous ne pouvez pas entrer en relation avec vous-même.
error-conflict-connect-you-blocked = Vous avez bloqué ce membre : débloquez-le d'abord.
error-conflict-already-connected = Vous êtes déjà en relation.
error-conflict-already-requested = Vous avez déjà demandé à ce membre d'entrer en relation.
error-conflict-block-self = Vous ne pouvez pas vous bloquer vous-même.
error-conflict-follow-self = Vous ne pouvez pas vous suivre vous-même.
