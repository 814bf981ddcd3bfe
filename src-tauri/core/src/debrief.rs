//! "Hard session, need a debrief": a micro-connection for the moment a session stays with the
//! user. It proposes the peers who can debrief within 72 hours, the buddy first, records that
//! the user asked, and a gentle nudge follows if no real talk with a peer is logged in that time.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::clock::{parse_instant, Clock};
use crate::error::Result;
use crate::nudge::{comes_at, Hold};
use crate::peer::{Peer, Role};
use crate::store::Store;

/// Hours within which a debrief should happen, after which the follow-up nudge comes.
pub const DEBRIEF_WITHIN_HOURS: i64 = 72;

/// Days after the 72 hours during which the follow-up may still come, if the app was not running.
pub const FOLLOW_UP_FOR_DAYS: i64 = 4;

/// What asking for a debrief gives the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DebriefRequest {
    /// The request's identifier.
    pub id: i64,
    /// When the user asked.
    pub requested_at: DateTime<FixedOffset>,
    /// The peers who can debrief within 72 hours, the buddy first, then by name.
    pub peers: Vec<Peer>,
    /// When the follow-up nudge comes if no real talk with a peer is logged before: 72 hours
    /// on, or when the hold then in force ends.
    pub follow_up_at: DateTime<FixedOffset>,
    /// When a hold (the weekend, quiet hours, a pause) moves the follow-up past 72 hours, why,
    /// in words: "after the weekend".
    pub follow_up_after: Option<&'static str>,
}

impl Store {
    /// Records that the user needs a debrief now, and proposes whom to ask.
    pub fn request_debrief(&mut self, clock: &dyn Clock) -> Result<DebriefRequest> {
        let now = clock.now();
        self.conn().execute(
            "INSERT INTO debrief_requests (at) VALUES (?1)",
            params![now.to_rfc3339()],
        )?;
        let id = self.conn().last_insert_rowid();
        let mut peers: Vec<Peer> = self
            .peers(false, clock)?
            .into_iter()
            .filter(|peer| peer.debrief_within_72h)
            .collect();
        // `peers` come by name; a stable sort keeps that order behind the buddy.
        peers.sort_by_key(|peer| !peer.roles.contains(&Role::Buddy));
        // The promise is when the nudge will really come, past any hold then in force.
        let (follow_up_at, held_by) = comes_at(
            now + Duration::hours(DEBRIEF_WITHIN_HOURS),
            &self.settings()?.nudges,
            clock,
        );
        Ok(DebriefRequest {
            id,
            requested_at: now,
            peers,
            follow_up_at,
            follow_up_after: held_by.map(Hold::when_it_ends),
        })
    }

    /// The latest debrief request of the last week with no real talk with a peer logged since.
    pub(crate) fn open_debrief_request(
        &self,
        clock: &dyn Clock,
    ) -> Result<Option<(i64, DateTime<Utc>)>> {
        let now = clock.now();
        let since =
            now - Duration::hours(DEBRIEF_WITHIN_HOURS) - Duration::days(FOLLOW_UP_FOR_DAYS);
        let open: Option<(i64, String)> = self
            .conn()
            .query_row(
                "SELECT r.id, r.at FROM debrief_requests r
                 WHERE unixepoch(r.at) > unixepoch(?1) AND unixepoch(r.at) <= unixepoch(?2)
                   AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.substantive = 1
                                   AND unixepoch(c.at) >= unixepoch(r.at)
                                   AND unixepoch(c.at) <= unixepoch(?2))
                 ORDER BY unixepoch(r.at) DESC, r.id DESC LIMIT 1",
                params![since.to_rfc3339(), now.to_rfc3339()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        open.map(|(id, at)| Ok((id, parse_instant(&at)?.with_timezone(&Utc))))
            .transpose()
    }
}
