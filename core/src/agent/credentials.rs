//! Számla Agent credentials. The agent key and the password are secrets: they reach the wire
//! only through [`Secret::expose`], never through `Debug` or `Display`.

use std::fmt;

/// A secret string whose `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for writing it into a request.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How a request logs in to the Számla Agent.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// The agent key (preferred by the vendor).
    #[doc(alias = "szamlaagentkulcs")]
    AgentKey(Secret),
    /// A user name and password.
    UserPassword {
        #[doc(alias = "felhasznalo")]
        username: String,
        #[doc(alias = "jelszo")]
        password: Secret,
    },
}

impl Credentials {
    pub fn agent_key(key: impl Into<String>) -> Self {
        Self::AgentKey(Secret::new(key))
    }

    pub fn user_password(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::UserPassword {
            username: username.into(),
            password: Secret::new(password),
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AgentKey(_) => f.write_str("Credentials::AgentKey(***)"),
            Self::UserPassword { username, .. } => f
                .debug_struct("Credentials::UserPassword")
                .field("username", username)
                .field("password", &format_args!("***"))
                .finish(),
        }
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AgentKey(_) => f.write_str("agent key ***"),
            Self::UserPassword { username, .. } => write!(f, "user {username} with password ***"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_secrets() {
        let key = Credentials::agent_key("agent-key-SECRET-123");
        let login = Credentials::user_password("bookkeeper", "password-SECRET-456");
        for shown in [
            format!("{key:?}"),
            format!("{key:#?}"),
            format!("{key}"),
            format!("{login:?}"),
            format!("{login:#?}"),
            format!("{login}"),
        ] {
            assert!(!shown.contains("SECRET"), "{shown}");
            assert!(shown.contains("***"), "{shown}");
        }
        assert!(format!("{login}").contains("bookkeeper"));
        if let Credentials::AgentKey(secret) = &key {
            assert_eq!(secret.expose(), "agent-key-SECRET-123");
            assert_eq!(format!("{secret} {secret:?}"), "*** Secret(***)");
        }
    }
}
