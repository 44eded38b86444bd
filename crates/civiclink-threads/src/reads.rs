//! What each member has read of each thread: the number of the last post they were shown.
//! A page view writes nothing: it notes the position in memory ([`Threads::note_read`]), and
//! the positions noted are written together, every few seconds and when the process stops
//! ([`Threads::flush_reads`]), a position only ever moving forward. Lists then count each
//! thread's new replies for the member, and a thread's page marks what is new since their
//! last visit. A position noted but not yet written when a process dies is lost: the member
//! sees those replies as new again, which costs nothing that matters.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use civiclink_domain::MemberId;
use civiclink_store::{execute, sqlx};

use crate::{ThreadId, Threads, ThreadsResult};

/// Read positions noted since the last flush, the furthest per member and thread.
#[derive(Clone, Debug, Default)]
pub(crate) struct ReadMarks(Arc<Mutex<HashMap<(MemberId, ThreadId), i32>>>);

impl ReadMarks {
    fn note(&self, member: MemberId, thread: ThreadId, number: i32) {
        let mut marks = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let at = marks.entry((member, thread)).or_insert(number);
        *at = (*at).max(number);
    }

    fn take(&self) -> HashMap<(MemberId, ThreadId), i32> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Threads {
    /// Notes that `member` was shown `thread` up to post `number` (in memory only).
    pub fn note_read(&self, member: MemberId, thread: ThreadId, number: i32) {
        self.reads.note(member, thread, number);
    }

    /// Writes the positions noted since the last flush, in one transaction; returns how many.
    /// A position never moves back, so flushes of several processes in any order agree.
    pub async fn flush_reads(&self) -> ThreadsResult<usize> {
        let marks = self.reads.take();
        if marks.is_empty() {
            return Ok(0);
        }
        let mut tx = self.db.begin().await?;
        for ((member, thread), number) in &marks {
            execute!(
                tx,
                sqlx::query(
                    "INSERT INTO thread_reads (member_id, thread_id, last_read) \
                     VALUES ($1, $2, $3) ON CONFLICT (member_id, thread_id) DO UPDATE SET \
                     last_read = CASE WHEN excluded.last_read > thread_reads.last_read \
                     THEN excluded.last_read ELSE thread_reads.last_read END",
                )
                .bind(*member)
                .bind(*thread)
                .bind(*number)
            )?;
        }
        tx.commit().await?;
        Ok(marks.len())
    }
}
