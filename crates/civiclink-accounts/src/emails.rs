//! The account emails, in the recipient's language. Each is data (greeting, paragraphs, one
//! action) worded from the catalogs; two shared templates, `web/templates/email/layout.txt` and
//! `layout.html`, render every one of them, so all mail looks alike and the HTML is escaped by
//! the template engine.

use std::sync::Arc;

use askama::Template;
use civiclink_domain::{AssociationId, EmailAddress, Language, OrgId};
use civiclink_i18n::{Arg, t, t_args};
use civiclink_mail::Message;
use civiclink_store::on_db;

use crate::{Accounts, AccountsResult};

/// Someone an email goes to, with the language they read.
pub(crate) struct Recipient {
    pub email: EmailAddress,
    pub name: String,
    pub lang: Language,
}

#[derive(sqlx::FromRow)]
struct RecipientRow {
    email: String,
    display_name: String,
    preferred_language: Option<String>,
}

impl RecipientRow {
    fn recipient(self) -> Option<Recipient> {
        Some(Recipient {
            email: EmailAddress::parse(&self.email).ok()?,
            lang: self
                .preferred_language
                .as_deref()
                .and_then(|l| l.parse().ok())
                .unwrap_or_default(),
            name: self.display_name,
        })
    }
}

/// Whom to tell about something an administrator decides.
#[derive(Clone, Copy)]
pub(crate) enum Deciders {
    /// The organization's administrators; its association's when it has none.
    Organization(OrgId, AssociationId),
    /// The association's administrators.
    Association(Option<AssociationId>),
}

pub(crate) struct Action {
    pub label: String,
    pub url: String,
}

pub(crate) struct Content {
    pub lang: &'static str,
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub action: Option<Action>,
    pub fallback: String,
    pub closing: String,
}

#[derive(Template)]
#[template(path = "email/layout.txt")]
struct TextPart<'a> {
    c: &'a Content,
}

#[derive(Template)]
#[template(path = "email/layout.html")]
struct HtmlPart<'a> {
    c: &'a Content,
}

/// The kinds of account email.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    Verify,
    AlreadyMember,
    Reset,
    Approved,
    Declined,
}

impl Accounts {
    /// Words an email of `kind` in `lang`; `token` goes into the link of those that carry one.
    pub(crate) fn content(&self, kind: Kind, lang: Language, name: &str, token: &str) -> Content {
        let l = |k: &str| t(lang, k);
        let (subject, paragraphs, action) = match kind {
            Kind::Verify => (
                "email-verify-subject",
                vec![l("email-verify-body"), l("email-verify-ignore")],
                Some(("email-verify-action", format!("/verify/{token}"))),
            ),
            Kind::AlreadyMember => (
                "email-exists-subject",
                vec![
                    l("email-exists-body"),
                    l("email-exists-hint"),
                    t_args(
                        lang,
                        "email-exists-reset",
                        &[("link", Arg::Str(self.link("/reset")))],
                    ),
                ],
                Some(("email-exists-action", "/login".to_owned())),
            ),
            Kind::Reset => (
                "email-reset-subject",
                vec![l("email-reset-body"), l("email-reset-ignore")],
                Some(("email-reset-action", format!("/reset/{token}"))),
            ),
            Kind::Approved => (
                "email-approved-subject",
                vec![l("email-approved-body")],
                Some(("email-approved-action", "/login".to_owned())),
            ),
            Kind::Declined => (
                "email-declined-subject",
                vec![l("email-declined-body"), l("email-declined-hint")],
                None,
            ),
        };
        Content {
            lang: lang.code(),
            subject: l(subject),
            greeting: t_args(
                lang,
                "email-greeting",
                &[("name", Arg::Str(name.to_owned()))],
            ),
            paragraphs,
            action: action.map(|(label, path)| Action {
                label: l(label),
                url: self.link(&path),
            }),
            fallback: l("email-button-fallback"),
            closing: l("email-closing"),
        }
    }

    /// "A member claims to work for your organization", to whoever decides it.
    pub(crate) fn claim_waiting_content(
        &self,
        lang: Language,
        name: &str,
        claimant: &str,
        org: &crate::Organization,
    ) -> Content {
        let args = [
            ("name", Arg::Str(claimant.to_owned())),
            ("org", Arg::Str(org.name.clone())),
        ];
        Content {
            lang: lang.code(),
            subject: t_args(lang, "email-claim-waiting-subject", &args),
            greeting: t_args(
                lang,
                "email-greeting",
                &[("name", Arg::Str(name.to_owned()))],
            ),
            paragraphs: vec![t_args(lang, "email-claim-waiting-body", &args)],
            action: Some(Action {
                label: t(lang, "email-claim-waiting-action"),
                url: self.link(&format!("/organizations/{}/claims", org.id)),
            }),
            fallback: t(lang, "email-button-fallback"),
            closing: t(lang, "email-closing"),
        }
    }

    /// To an administrator: a lapsed member asks for their membership to be renewed.
    pub(crate) fn renewal_asked_content(
        &self,
        lang: Language,
        name: &str,
        member: &crate::Member,
        note: &str,
    ) -> Content {
        let args = [
            ("name", Arg::Str(member.display_name.clone())),
            ("email", Arg::Str(member.email.to_string())),
            (
                "org",
                Arg::Str(
                    member
                        .org_name
                        .clone()
                        .unwrap_or_else(|| t(lang, "email-renewal-no-org")),
                ),
            ),
        ];
        let mut paragraphs = vec![t_args(lang, "email-renewal-asked-body", &args)];
        if !note.is_empty() {
            paragraphs.push(t_args(
                lang,
                "email-renewal-asked-note",
                &[("note", Arg::Str(note.to_owned()))],
            ));
        }
        Content {
            lang: lang.code(),
            subject: t_args(lang, "email-renewal-asked-subject", &args),
            greeting: t_args(
                lang,
                "email-greeting",
                &[("name", Arg::Str(name.to_owned()))],
            ),
            paragraphs,
            action: Some(Action {
                label: t(lang, "email-renewal-asked-action"),
                url: self.link(&format!("/admin/members/{}", member.id)),
            }),
            fallback: t(lang, "email-button-fallback"),
            closing: t(lang, "email-closing"),
        }
    }

    /// The answer to a member's claim to work for an organization.
    pub(crate) fn claim_decided_content(
        &self,
        lang: Language,
        name: &str,
        org: &str,
        approved: bool,
    ) -> Content {
        let args = [("org", Arg::Str(org.to_owned()))];
        let (subject, body) = if approved {
            ("email-claim-approved-subject", "email-claim-approved-body")
        } else {
            ("email-claim-declined-subject", "email-claim-declined-body")
        };
        Content {
            lang: lang.code(),
            subject: t_args(lang, subject, &args),
            greeting: t_args(
                lang,
                "email-greeting",
                &[("name", Arg::Str(name.to_owned()))],
            ),
            paragraphs: vec![t_args(lang, body, &args)],
            action: approved.then(|| Action {
                label: t(lang, "email-claim-approved-action"),
                url: self.link("/profile"),
            }),
            fallback: t(lang, "email-button-fallback"),
            closing: t(lang, "email-closing"),
        }
    }

    /// Renders the message and hands it to a background task. A failure is logged, not
    /// returned: the member can always ask again (a new link, another reset), and the change
    /// that prompted the mail is already committed. Sending in the background also keeps the
    /// response time the same whether or not a mail goes out, so timing does not reveal which
    /// addresses have accounts.
    /// The active administrators who decide, at most 20, oldest first: those `who` names first,
    /// then the association's, then the site's, whichever is the first to have any.
    pub(crate) async fn deciders(&self, who: Deciders) -> AccountsResult<Vec<Recipient>> {
        const COLUMNS: &str = "SELECT m.email, m.display_name, m.preferred_language FROM members m";
        let mut rows: Vec<RecipientRow> = Vec::new();
        let association = match who {
            Deciders::Organization(org, association) => {
                let sql = format!(
                    "{COLUMNS} JOIN org_admins a ON a.member_id = m.id \
                     WHERE a.org_id = $1 AND m.status = 'active' ORDER BY a.created_at LIMIT 20"
                );
                rows = on_db!(self.db, p => sqlx::query_as(&sql).bind(org).fetch_all(p).await)?;
                Some(association)
            }
            Deciders::Association(association) => association,
        };
        if rows.is_empty() && association.is_some() {
            let sql = format!(
                "{COLUMNS} WHERE m.association_id = $1 AND m.role = 'association_admin' \
                 AND m.status = 'active' ORDER BY m.created_at LIMIT 20"
            );
            rows = on_db!(self.db, p => sqlx::query_as(&sql).bind(association).fetch_all(p).await)?;
        }
        if rows.is_empty() {
            let sql = format!(
                "{COLUMNS} WHERE m.role = 'site_admin' AND m.status = 'active' \
                 ORDER BY m.created_at LIMIT 20"
            );
            rows = on_db!(self.db, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        }
        Ok(rows
            .into_iter()
            .filter_map(RecipientRow::recipient)
            .collect())
    }

    /// Sends each of `to` the email `content` words in their language, for their name.
    pub(crate) async fn send_each(
        &self,
        to: Vec<Recipient>,
        content: impl Fn(Language, &str) -> Content,
    ) {
        for r in to {
            let c = content(r.lang, &r.name);
            self.send(&r.email, &r.name, c).await;
        }
    }

    pub(crate) async fn send(&self, to: &EmailAddress, name: &str, content: Content) {
        let rendered = TextPart { c: &content }
            .render()
            .and_then(|text| HtmlPart { c: &content }.render().map(|html| (text, html)));
        let (text, html) = match rendered {
            Ok(parts) => parts,
            Err(e) => {
                tracing::error!(error = %e, "cannot render an email");
                return;
            }
        };
        let message = Message {
            to: to.clone(),
            to_name: name.to_owned(),
            subject: content.subject,
            text,
            html,
        };
        let mailer = self.mailer.clone();
        let sending = self.outgoing.start();
        tokio::spawn(async move {
            if let Err(e) = mailer.send(&message).await {
                tracing::error!(error = %e, "cannot send an email");
            }
            drop(sending);
        });
    }
}

/// Counts the emails on their way, so that a caller can wait until none is.
#[derive(Debug, Default)]
pub(crate) struct Outgoing {
    in_flight: std::sync::atomic::AtomicUsize,
    done: tokio::sync::Notify,
}

/// One email on its way; dropping it (sent, failed, or its task cancelled) counts it done.
pub(crate) struct Sending(Arc<Outgoing>);

impl Drop for Sending {
    fn drop(&mut self) {
        if self
            .0
            .in_flight
            .fetch_sub(1, std::sync::atomic::Ordering::AcqRel)
            == 1
        {
            self.0.done.notify_waiters();
        }
    }
}

impl Outgoing {
    pub(crate) fn start(self: &Arc<Self>) -> Sending {
        self.in_flight
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        Sending(Arc::clone(self))
    }

    pub(crate) async fn settled(&self) {
        loop {
            let done = self.done.notified();
            tokio::pin!(done);
            // Registered before the count is read, so the last send cannot finish unseen.
            done.as_mut().enable();
            if self.in_flight.load(std::sync::atomic::Ordering::Acquire) == 0 {
                return;
            }
            done.await;
        }
    }
}
