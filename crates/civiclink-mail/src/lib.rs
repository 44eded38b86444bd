//! The mailer every capability sends through: SMTP in production, or `.eml` files written to a
//! folder by default (and in tests), so that `serve` works with no mail server at all.
//!
//! A message is a [`Message`]: subject, plain text and HTML, rendered by the caller from its own
//! templates. The mailer knows nothing about accounts, digests or notifications.

use std::path::PathBuf;
use std::time::Duration;

use civiclink_domain::EmailAddress;
use lettre::message::{Mailbox, MultiPart, header};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("invalid mail configuration: {0}")]
    Config(String),
    #[error("cannot build the message: {0}")]
    Build(String),
    #[error("cannot deliver the message: {0}")]
    Send(String),
}

/// How SMTP connections are secured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (port 587). Refuses servers that cannot upgrade.
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on localhost or a test server.
    None,
}

/// Where mail goes.
#[derive(Clone, Debug)]
pub enum TransportConfig {
    /// One `.eml` file per message in this folder.
    File { dir: PathBuf },
    Smtp {
        host: String,
        port: u16,
        tls: SmtpTls,
        username: Option<String>,
        password: Option<String>,
    },
}

/// A rendered message, ready to send.
#[derive(Clone, Debug)]
pub struct Message {
    pub to: EmailAddress,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

enum Transport {
    File(AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// Sends messages. Cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    from: Mailbox,
    transport: std::sync::Arc<Transport>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

impl Mailer {
    /// `from` is a mailbox such as `CivicLink <no-reply@example.org>`.
    pub fn new(from: &str, config: &TransportConfig) -> Result<Self, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| MailError::Config(format!("mail from {from:?}: {e}")))?;
        let transport = match config {
            TransportConfig::File { dir } => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    MailError::Config(format!("cannot create {}: {e}", dir.display()))
                })?;
                Transport::File(AsyncFileTransport::new(dir))
            }
            TransportConfig::Smtp {
                host,
                port,
                tls,
                username,
                password,
            } => {
                let builder = match tls {
                    SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host),
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host),
                    SmtpTls::None => Ok(AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(
                        host,
                    )),
                }
                .map_err(|e| MailError::Config(format!("smtp host {host:?}: {e}")))?;
                let mut builder = builder.port(*port).timeout(Some(Duration::from_secs(20)));
                if let (Some(u), Some(p)) = (username, password) {
                    builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
                }
                Transport::Smtp(builder.build())
            }
        };
        Ok(Self {
            from,
            transport: std::sync::Arc::new(transport),
        })
    }

    /// Sends one message as multipart/alternative (text first, HTML preferred by clients).
    pub async fn send(&self, message: &Message) -> Result<(), MailError> {
        let to = Mailbox::new(
            Some(message.to_name.clone()),
            message
                .to
                .as_str()
                .parse()
                .map_err(|e| MailError::Build(format!("recipient: {e}")))?,
        );
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&message.subject)
            .header(header::MIME_VERSION_1_0)
            .multipart(MultiPart::alternative_plain_html(
                message.text.clone(),
                message.html.clone(),
            ))
            .map_err(|e| MailError::Build(e.to_string()))?;
        match &*self.transport {
            Transport::File(t) => {
                t.send(email)
                    .await
                    .map_err(|e| MailError::Send(e.to_string()))?;
            }
            Transport::Smtp(t) => {
                t.send(email)
                    .await
                    .map_err(|e| MailError::Send(e.to_string()))?;
            }
        }
        tracing::info!(subject = %message.subject, "mail sent");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn file_transport_writes_a_multipart_eml() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let mailer = Mailer::new(
            "CivicLink <no-reply@civiclink.test>",
            &TransportConfig::File {
                dir: dir.path().to_owned(),
            },
        )?;
        mailer
            .send(&Message {
                to: EmailAddress::parse("ada@example.org")?,
                to_name: "Ada".into(),
                subject: "Hello".into(),
                text: "plain body".into(),
                html: "<p>html body</p>".into(),
            })
            .await?;
        let files: Vec<_> = std::fs::read_dir(dir.path())?.collect::<Result<_, _>>()?;
        assert_eq!(files.len(), 1);
        let eml = std::fs::read_to_string(files[0].path())?;
        assert!(
            eml.contains("To: \"Ada\" <ada@example.org>")
                || eml.contains("To: Ada <ada@example.org>")
        );
        assert!(eml.contains("Subject: Hello"));
        assert!(eml.contains("multipart/alternative"));
        assert!(eml.contains("plain body"));
        Ok(())
    }

    #[test]
    fn a_bad_from_is_a_config_error() {
        let r = Mailer::new(
            "not a mailbox",
            &TransportConfig::File {
                dir: std::env::temp_dir(),
            },
        );
        assert!(matches!(r, Err(MailError::Config(_))));
    }
}
