## Fil d'activité
feed-title = Activité récente
feed-empty = Rien de nouveau de vos relations ni des membres et organisations que vous suivez.
feed-older = Activité plus ancienne
feed-profile-updated = { $name } a mis à jour son profil
feed-member-renamed = { $name } a changé de nom
feed-connection-accepted = { $name } est maintenant en relation avec { $other }
feed-organization-updated = { $name } a mis à jour sa page
