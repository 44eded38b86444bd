//! Connections between members, and blocks.
//!
//! A pair of members has at most one `connections` row (smaller id first): pending while one asked
//! and the other has not answered, accepted once they did. Declining, withdrawing and removing
//! delete the row, so asking again later is possible. A block stands above all that: it deletes
//! any connection or request between the two, and while it lasts neither may ask the other.
//!
//! Every change appends its event in the same transaction. Events name the member who acted as
//! their entity and carry `{"actor": …, "member": …}` (the other member) in their payload, so the
//! activity feed and notifications know both sides without reading the tables.

use civiclink_domain::{MemberId, ValidationError};
use civiclink_store::{Tx, execute, now, on_db, on_tx};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::{People, PeopleError, PeopleEvent, PeopleResult};

/// The longest note a connection request may carry, in characters.
pub const NOTE_MAX: usize = 500;

/// The note sent with a connection request: trimmed, at most [`NOTE_MAX`] characters, no
/// control characters but line breaks and tabs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectionNote(String);

impl ConnectionNote {
    pub fn parse(s: &str) -> Result<Self, ValidationError> {
        let s = s.trim();
        if s.chars().count() > NOTE_MAX {
            return Err(ValidationError::new("note", "note-too-long"));
        }
        if s.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(ValidationError::new("note", "control-chars"));
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where a connection stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionStatus {
    Pending,
    Accepted,
}

/// A connection or a request, seen from one member: `member_id` is the other member.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Connection {
    pub member_id: MemberId,
    pub display_name: String,
    pub handle: String,
    pub status: ConnectionStatus,
    /// Whether the other member asked (an incoming request).
    pub incoming: bool,
    pub note: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub accepted_at: Option<OffsetDateTime>,
}

/// A member's pending requests, both ways.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PendingRequests {
    /// Requests others sent to the member, newest first.
    pub incoming: Vec<Connection>,
    /// Requests the member sent, newest first.
    pub outgoing: Vec<Connection>,
}

/// Another member, briefly (in lists of blocks and follows).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MemberCard {
    pub member_id: MemberId,
    pub display_name: String,
    pub handle: String,
}

/// How a viewer stands to another member, for the buttons a page offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConnectState {
    /// The member themself: nothing to offer.
    Myself,
    /// No connection and no request: the viewer may ask.
    NotConnected,
    /// The viewer asked; the other has not answered.
    RequestSent,
    /// The other asked the viewer.
    RequestReceived,
    Connected,
    /// The viewer blocked the other.
    YouBlocked,
    /// The other blocked the viewer.
    BlockedByThem,
}

impl ConnectState {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectState::Myself => "myself",
            ConnectState::NotConnected => "not_connected",
            ConnectState::RequestSent => "request_sent",
            ConnectState::RequestReceived => "request_received",
            ConnectState::Connected => "connected",
            ConnectState::YouBlocked => "you_blocked",
            ConnectState::BlockedByThem => "blocked_by_them",
        }
    }
}

/// The pair's key: smaller id first, as the table keeps it.
fn pair(x: MemberId, y: MemberId) -> (MemberId, MemberId) {
    if x < y { (x, y) } else { (y, x) }
}

#[derive(sqlx::FromRow)]
struct PairRow {
    status: String,
    requested_by: MemberId,
}

#[derive(sqlx::FromRow)]
struct ConnectionRow {
    member_id: MemberId,
    display_name: String,
    handle: Option<String>,
    status: String,
    requested_by: MemberId,
    note: String,
    created_at: OffsetDateTime,
    accepted_at: Option<OffsetDateTime>,
}

impl ConnectionRow {
    fn into_connection(self) -> Connection {
        Connection {
            incoming: self.requested_by == self.member_id,
            member_id: self.member_id,
            display_name: self.display_name,
            handle: self.handle.unwrap_or_default(),
            status: if self.status == "accepted" {
                ConnectionStatus::Accepted
            } else {
                ConnectionStatus::Pending
            },
            note: self.note,
            created_at: self.created_at,
            accepted_at: self.accepted_at,
        }
    }
}

/// The other member of each of `$1`'s connections, with their name and handle. Only active
/// members are listed: a suspended member's connections wait, hidden, for their return.
const CONNECTION_SELECT: &str = "SELECT m.id AS member_id, m.display_name, p.handle, c.status, \
     c.requested_by, c.note, c.created_at, c.accepted_at \
     FROM connections c \
     JOIN member_facts m ON m.id = CASE WHEN c.member_a = $1 THEN c.member_b ELSE c.member_a END \
     LEFT JOIN profiles p ON p.member_id = m.id \
     WHERE (c.member_a = $1 OR c.member_b = $1) AND m.listed";

#[derive(sqlx::FromRow)]
struct CardRow {
    member_id: MemberId,
    display_name: String,
    handle: Option<String>,
}

impl From<CardRow> for MemberCard {
    fn from(r: CardRow) -> Self {
        MemberCard {
            member_id: r.member_id,
            display_name: r.display_name,
            handle: r.handle.unwrap_or_default(),
        }
    }
}

/// Whether `member` exists and is active, inside `tx`.
pub(crate) async fn is_active(tx: &mut Tx, member: MemberId) -> PeopleResult<bool> {
    let found: Option<i32> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT 1 FROM member_facts WHERE id = $1 AND listed",
    )
    .bind(member)
    .fetch_optional(&mut *c)
    .await)?;
    Ok(found.is_some())
}

/// Whether `blocker` blocked `blocked`, inside `tx`.
pub(crate) async fn has_blocked(
    tx: &mut Tx,
    blocker: MemberId,
    blocked: MemberId,
) -> PeopleResult<bool> {
    let found: Option<i32> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT 1 FROM blocks WHERE blocker = $1 AND blocked = $2",
    )
    .bind(blocker)
    .bind(blocked)
    .fetch_optional(&mut *c)
    .await)?;
    Ok(found.is_some())
}

async fn pair_row(tx: &mut Tx, x: MemberId, y: MemberId) -> PeopleResult<Option<PairRow>> {
    let (a, b) = pair(x, y);
    Ok(on_tx!(tx, c => sqlx::query_as(
        "SELECT status, requested_by FROM connections WHERE member_a = $1 AND member_b = $2",
    )
    .bind(a)
    .bind(b)
    .fetch_optional(&mut *c)
    .await)?)
}

impl People {
    /// `from` asks `to` to connect. If `to` already asked `from`, this accepts their request
    /// instead. Returns where the connection stands afterwards.
    pub async fn request_connection(
        &self,
        from: MemberId,
        to: MemberId,
        note: &ConnectionNote,
    ) -> PeopleResult<ConnectionStatus> {
        if from == to {
            return Err(PeopleError::Conflict("conflict-connect-self"));
        }
        let mut tx = self.db.begin().await?;
        if !is_active(&mut tx, to).await? {
            return Err(PeopleError::NotFound);
        }
        if has_blocked(&mut tx, to, from).await? {
            return Err(PeopleError::Forbidden);
        }
        if has_blocked(&mut tx, from, to).await? {
            return Err(PeopleError::Conflict("conflict-connect-you-blocked"));
        }
        let t = now();
        let (a, b) = pair(from, to);
        match pair_row(&mut tx, from, to).await? {
            Some(r) if r.status == "accepted" => {
                Err(PeopleError::Conflict("conflict-already-connected"))
            }
            Some(r) if r.requested_by == from => {
                Err(PeopleError::Conflict("conflict-already-requested"))
            }
            Some(_) => {
                accept_in(&mut tx, from, to, t).await?;
                tx.commit().await?;
                Ok(ConnectionStatus::Accepted)
            }
            None => {
                let n = execute!(tx, sqlx::query(
                    "INSERT INTO connections (member_a, member_b, requested_by, status, note, created_at) \
                     VALUES ($1, $2, $3, 'pending', $4, $5) ON CONFLICT DO NOTHING",
                )
                .bind(a)
                .bind(b)
                .bind(from)
                .bind(note.as_str())
                .bind(t))?;
                if n == 0 {
                    return Err(PeopleError::Conflict("conflict-already-requested"));
                }
                tx.emit(
                    from.as_uuid(),
                    &PeopleEvent::ConnectionRequested {
                        actor: from,
                        member: to,
                        note: note.as_str().to_owned(),
                    },
                )
                .await?;
                tx.commit().await?;
                Ok(ConnectionStatus::Pending)
            }
        }
    }

    /// `me` accepts the request `requester` sent them.
    pub async fn accept_connection(&self, me: MemberId, requester: MemberId) -> PeopleResult<()> {
        let mut tx = self.db.begin().await?;
        if me == requester || !is_active(&mut tx, requester).await? {
            return Err(PeopleError::NotFound);
        }
        accept_in(&mut tx, me, requester, now()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// `me` declines the request `requester` sent them; the request is deleted.
    pub async fn decline_connection(&self, me: MemberId, requester: MemberId) -> PeopleResult<()> {
        self.delete_pair(me, requester, Some(requester), |actor, member| {
            PeopleEvent::ConnectionDeclined { actor, member }
        })
        .await
    }

    /// `me` withdraws the request they sent to `recipient`.
    pub async fn withdraw_connection(&self, me: MemberId, recipient: MemberId) -> PeopleResult<()> {
        self.delete_pair(me, recipient, Some(me), |actor, member| {
            PeopleEvent::ConnectionWithdrawn { actor, member }
        })
        .await
    }

    /// `me` ends their connection with `other` (either side may).
    pub async fn remove_connection(&self, me: MemberId, other: MemberId) -> PeopleResult<()> {
        self.delete_pair(me, other, None, |actor, member| {
            PeopleEvent::ConnectionRemoved { actor, member }
        })
        .await
    }

    /// Deletes the pair's pending request sent by `requested_by`, or with `None` their accepted
    /// connection. Nothing matching is a 404, so that no one learns of requests not theirs.
    async fn delete_pair(
        &self,
        me: MemberId,
        other: MemberId,
        requested_by: Option<MemberId>,
        event: fn(MemberId, MemberId) -> PeopleEvent,
    ) -> PeopleResult<()> {
        if me == other {
            return Err(PeopleError::NotFound);
        }
        let (a, b) = pair(me, other);
        let mut tx = self.db.begin().await?;
        let n = match requested_by {
            Some(by) => execute!(tx, sqlx::query(
                "DELETE FROM connections WHERE member_a = $1 AND member_b = $2 \
                 AND status = 'pending' AND requested_by = $3",
            )
            .bind(a)
            .bind(b)
            .bind(by))?,
            None => execute!(tx, sqlx::query(
                "DELETE FROM connections WHERE member_a = $1 AND member_b = $2 AND status = 'accepted'",
            )
            .bind(a)
            .bind(b))?,
        };
        if n == 0 {
            return Err(PeopleError::NotFound);
        }
        tx.emit(me.as_uuid(), &event(me, other)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A member's accepted connections, by name.
    pub async fn connections(&self, me: MemberId) -> PeopleResult<Vec<Connection>> {
        let sql =
            format!("{CONNECTION_SELECT} AND c.status = 'accepted' ORDER BY m.display_name, m.id");
        let rows: Vec<ConnectionRow> =
            on_db!(self.db, p => sqlx::query_as(&sql).bind(me).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(ConnectionRow::into_connection)
            .collect())
    }

    /// A member's pending requests, incoming and outgoing.
    pub async fn pending_requests(&self, me: MemberId) -> PeopleResult<PendingRequests> {
        let sql = format!(
            "{CONNECTION_SELECT} AND c.status = 'pending' ORDER BY c.created_at DESC, m.id"
        );
        let rows: Vec<ConnectionRow> =
            on_db!(self.db, p => sqlx::query_as(&sql).bind(me).fetch_all(p).await)?;
        let (incoming, outgoing) = rows
            .into_iter()
            .map(ConnectionRow::into_connection)
            .partition(|c| c.incoming);
        Ok(PendingRequests { incoming, outgoing })
    }

    /// How `viewer` stands to `subject`, for the buttons of a profile.
    pub async fn connect_state(
        &self,
        viewer: MemberId,
        subject: MemberId,
    ) -> PeopleResult<ConnectState> {
        if viewer == subject {
            return Ok(ConnectState::Myself);
        }
        let blocks: Vec<MemberId> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT blocker FROM blocks WHERE (blocker = $1 AND blocked = $2) OR (blocker = $2 AND blocked = $1)",
        )
        .bind(viewer)
        .bind(subject)
        .fetch_all(p)
        .await)?;
        if blocks.contains(&viewer) {
            return Ok(ConnectState::YouBlocked);
        }
        if !blocks.is_empty() {
            return Ok(ConnectState::BlockedByThem);
        }
        let (a, b) = pair(viewer, subject);
        let row: Option<PairRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT status, requested_by FROM connections WHERE member_a = $1 AND member_b = $2",
        )
        .bind(a)
        .bind(b)
        .fetch_optional(p)
        .await)?;
        Ok(match row {
            None => ConnectState::NotConnected,
            Some(r) if r.status == "accepted" => ConnectState::Connected,
            Some(r) if r.requested_by == viewer => ConnectState::RequestSent,
            Some(_) => ConnectState::RequestReceived,
        })
    }

    /// `me` blocks `other`: any connection or request between them is deleted, and so are
    /// follows either way. Blocking again changes nothing.
    pub async fn block(&self, me: MemberId, other: MemberId) -> PeopleResult<()> {
        if me == other {
            return Err(PeopleError::Conflict("conflict-block-self"));
        }
        let mut tx = self.db.begin().await?;
        if !is_active(&mut tx, other).await? {
            return Err(PeopleError::NotFound);
        }
        let t = now();
        let n = execute!(tx, sqlx::query(
            "INSERT INTO blocks (blocker, blocked, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(me)
        .bind(other)
        .bind(t))?;
        if n == 0 {
            return Ok(());
        }
        let (a, b) = pair(me, other);
        let ended: Option<String> = on_tx!(tx, c => sqlx::query_scalar(
            "DELETE FROM connections WHERE member_a = $1 AND member_b = $2 RETURNING status",
        )
        .bind(a)
        .bind(b)
        .fetch_optional(&mut *c)
        .await)?;
        execute!(
            tx,
            sqlx::query(
                "DELETE FROM follows WHERE target_kind = 'member' AND \
             ((follower = $1 AND target_id = $2) OR (follower = $2 AND target_id = $1))",
            )
            .bind(me)
            .bind(other)
        )?;
        tx.emit(
            me.as_uuid(),
            &PeopleEvent::Blocked {
                actor: me,
                member: other,
                ended_connection: ended,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// `me` lifts their block of `other`.
    pub async fn unblock(&self, me: MemberId, other: MemberId) -> PeopleResult<()> {
        let mut tx = self.db.begin().await?;
        let n = execute!(
            tx,
            sqlx::query("DELETE FROM blocks WHERE blocker = $1 AND blocked = $2")
                .bind(me)
                .bind(other)
        )?;
        if n == 0 {
            return Err(PeopleError::NotFound);
        }
        tx.emit(
            me.as_uuid(),
            &PeopleEvent::Unblocked {
                actor: me,
                member: other,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The members `me` blocked, by name.
    pub async fn blocked(&self, me: MemberId) -> PeopleResult<Vec<MemberCard>> {
        let rows: Vec<CardRow> = on_db!(self.db, p => sqlx::query_as(
            "SELECT m.id AS member_id, m.display_name, p.handle FROM blocks k \
             JOIN member_facts m ON m.id = k.blocked LEFT JOIN profiles p ON p.member_id = m.id \
             WHERE k.blocker = $1 ORDER BY m.display_name, m.id",
        )
        .bind(me)
        .fetch_all(p)
        .await)?;
        Ok(rows.into_iter().map(MemberCard::from).collect())
    }

    /// Whether `from` may reach out to `to` (messages, mentions): not if either blocked the
    /// other.
    pub async fn may_contact(&self, from: MemberId, to: MemberId) -> PeopleResult<bool> {
        let found: Option<i32> = on_db!(self.db, p => sqlx::query_scalar(
            "SELECT 1 FROM blocks WHERE (blocker = $1 AND blocked = $2) OR (blocker = $2 AND blocked = $1)",
        )
        .bind(from)
        .bind(to)
        .fetch_optional(p)
        .await)?;
        Ok(found.is_none())
    }
}

/// Accepts the pending request `requester` sent `me`, inside `tx`; no such request is a 404.
async fn accept_in(
    tx: &mut Tx,
    me: MemberId,
    requester: MemberId,
    t: OffsetDateTime,
) -> PeopleResult<()> {
    let (a, b) = pair(me, requester);
    let n = execute!(
        tx,
        sqlx::query(
            "UPDATE connections SET status = 'accepted', accepted_at = $4 \
         WHERE member_a = $1 AND member_b = $2 AND status = 'pending' AND requested_by = $3",
        )
        .bind(a)
        .bind(b)
        .bind(requester)
        .bind(t)
    )?;
    if n == 0 {
        return Err(PeopleError::NotFound);
    }
    // One event per side, so that the news reaches both members' networks (the feed is read
    // by entity); the feed shows a pair once.
    tx.emit(
        me.as_uuid(),
        &PeopleEvent::ConnectionAccepted {
            actor: me,
            member: requester,
        },
    )
    .await?;
    tx.emit(
        requester.as_uuid(),
        &PeopleEvent::ConnectionAccepted {
            actor: me,
            member: me,
        },
    )
    .await?;
    Ok(())
}
