//! The account emails. Each is data (greeting, paragraphs, one action); two shared templates,
//! `web/templates/email/layout.txt` and `layout.html`, render every one of them, so all mail
//! looks alike and the HTML is escaped by the template engine.

use askama::Template;
use civiclink_domain::EmailAddress;
use civiclink_mail::Message;

use crate::Accounts;

pub(crate) struct Action {
    pub label: String,
    pub url: String,
}

pub(crate) struct Content {
    pub subject: String,
    pub greeting: String,
    pub paragraphs: Vec<String>,
    pub action: Option<Action>,
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

impl Accounts {
    /// Renders the message and hands it to a background task. A failure is logged, not
    /// returned: the member can always ask again (a new link, another reset), and the change
    /// that prompted the mail is already committed. Sending in the background also keeps the
    /// response time the same whether or not a mail goes out, so timing does not reveal which
    /// addresses have accounts.
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
        tokio::spawn(async move {
            if let Err(e) = mailer.send(&message).await {
                tracing::error!(error = %e, "cannot send an email");
            }
        });
    }

    pub(crate) fn verify_email_content(&self, name: &str, token: &str) -> Content {
        Content {
            subject: "Confirm your email address for CivicLink".into(),
            greeting: format!("Hello {name},"),
            paragraphs: vec![
                "Please confirm that this is your email address. The link works once and expires in 48 hours.".into(),
                "If you did not ask to join CivicLink, you can ignore this message.".into(),
            ],
            action: Some(Action {
                label: "Confirm my email address".into(),
                url: self.link(&format!("/verify/{token}")),
            }),
            closing: "The CivicLink team".into(),
        }
    }

    pub(crate) fn already_member_content(&self, name: &str) -> Content {
        Content {
            subject: "You already have a CivicLink account".into(),
            greeting: format!("Hello {name},"),
            paragraphs: vec![
                "Someone, probably you, tried to join CivicLink with this email address, which already has an account.".into(),
                "You can log in, or reset your password if you have forgotten it.".into(),
                format!("Reset your password: {}", self.link("/reset")),
            ],
            action: Some(Action {
                label: "Log in".into(),
                url: self.link("/login"),
            }),
            closing: "The CivicLink team".into(),
        }
    }

    pub(crate) fn reset_content(&self, name: &str, token: &str) -> Content {
        Content {
            subject: "Reset your CivicLink password".into(),
            greeting: format!("Hello {name},"),
            paragraphs: vec![
                "Use the link below to choose a new password. It works once and expires in one hour.".into(),
                "If you did not ask for this, ignore this message: your password stays as it is.".into(),
            ],
            action: Some(Action {
                label: "Choose a new password".into(),
                url: self.link(&format!("/reset/{token}")),
            }),
            closing: "The CivicLink team".into(),
        }
    }

    pub(crate) fn approved_content(&self, name: &str) -> Content {
        Content {
            subject: "Welcome to CivicLink: your membership is approved".into(),
            greeting: format!("Hello {name},"),
            paragraphs: vec![
                "Your request to join CivicLink was approved. You can log in now.".into(),
            ],
            action: Some(Action {
                label: "Log in".into(),
                url: self.link("/login"),
            }),
            closing: "The CivicLink team".into(),
        }
    }

    pub(crate) fn declined_content(&self, name: &str) -> Content {
        Content {
            subject: "Your request to join CivicLink".into(),
            greeting: format!("Hello {name},"),
            paragraphs: vec![
                "An administrator of your association reviewed your request to join CivicLink and could not approve it.".into(),
                "If you think this is a mistake, please contact your association.".into(),
            ],
            action: None,
            closing: "The CivicLink team".into(),
        }
    }
}
