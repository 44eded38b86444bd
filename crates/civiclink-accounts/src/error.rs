use civiclink_domain::ValidationError;
use civiclink_store::StoreError;

/// Why a single-use token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Expired,
    Used,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("not found")]
    NotFound,
    #[error("you are not allowed to do this")]
    Forbidden,
    #[error("email or password is incorrect")]
    InvalidCredentials,
    #[error("verify your email address first: we sent you a link")]
    EmailNotVerified,
    #[error("your request to join is waiting for an administrator's approval")]
    AwaitingApproval,
    #[error("your request to join was declined")]
    JoinDeclined,
    #[error("your membership is suspended")]
    Suspended,
    #[error("this link is {}", match .0 { TokenProblem::Unknown => "not valid", TokenProblem::Expired => "expired", TokenProblem::Used => "already used" })]
    Token(TokenProblem),
    /// The payload is why: `revoked`, `expired` or `used`.
    #[error("this invitation is {0}")]
    InviteUnavailable(&'static str),
    /// The payload is the catalog key of the explanation (`error-<key>`).
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    #[error("password hashing: {0}")]
    Hash(String),
    /// Every password-hashing slot is taken: the caller should try again shortly.
    #[error("the server is busy: try again in a moment")]
    Busy,
}

/// A query's failure, as the storage error it is (so that `?` works on sqlx calls directly).
impl From<sqlx::Error> for AccountsError {
    fn from(e: sqlx::Error) -> Self {
        AccountsError::Store(StoreError::from(e))
    }
}

pub type AccountsResult<T> = Result<T, AccountsError>;

impl AccountsError {
    /// A stable snake_case code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            AccountsError::Invalid(_) => "invalid_input",
            AccountsError::NotFound => "not_found",
            AccountsError::Forbidden => "forbidden",
            AccountsError::InvalidCredentials => "invalid_credentials",
            AccountsError::EmailNotVerified => "email_not_verified",
            AccountsError::AwaitingApproval => "awaiting_approval",
            AccountsError::JoinDeclined => "join_declined",
            AccountsError::Suspended => "suspended",
            AccountsError::Token(TokenProblem::Unknown) => "invalid_token",
            AccountsError::Token(TokenProblem::Expired) => "token_expired",
            AccountsError::Token(TokenProblem::Used) => "token_used",
            AccountsError::InviteUnavailable(_) => "invite_unavailable",
            AccountsError::Conflict(_) => "conflict",
            AccountsError::Busy => "busy",
            AccountsError::Store(_) | AccountsError::Hash(_) => "internal",
        }
    }
}
