//! A record store's key and secret kept in the system keyring (the Secret
//! Service of GNOME Keyring or KWallet on Linux, the macOS keychain,
//! Windows' credential manager), by the store's address, so a later pull
//! needs neither. Never in the course file.
//!
//! One keyring entry per store: service [`SERVICE`], account the store's
//! address as [`crate::lrs::normalise_endpoint`] writes it, and as its
//! secret the key and secret as a small JSON object.

use serde::{Deserialize, Serialize};

use crate::ResultsError;

/// The keyring entries' service name.
pub const SERVICE: &str = "Trellis record store";

/// A record store's key and secret (HTTP Basic, as LRSs issue them).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub key: String,
    pub secret: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("key", &self.key)
            .field("secret", &"…")
            .finish()
    }
}

fn entry(endpoint: &str) -> Result<keyring::Entry, ResultsError> {
    let endpoint = crate::lrs::normalise_endpoint(endpoint)?;
    keyring::Entry::new(SERVICE, &endpoint).map_err(|e| keyring_error(&endpoint, e))
}

fn keyring_error(endpoint: &str, e: keyring::Error) -> ResultsError {
    let why = match &e {
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            format!("the system keyring cannot be reached ({inner})")
        }
        e => format!("the system keyring answered: {e}"),
    };
    ResultsError::Keyring(format!(
        "{why}, for the record store at {endpoint}; set TRELLIS_LRS_KEY and TRELLIS_LRS_SECRET instead"
    ))
}

/// Keeps the key and secret for the store at `endpoint` in the system
/// keyring, replacing any kept before.
pub fn remember(endpoint: &str, credentials: &Credentials) -> Result<(), ResultsError> {
    let entry = entry(endpoint)?;
    let json = serde_json::to_string(credentials).expect("two strings serialise");
    entry
        .set_password(&json)
        .map_err(|e| keyring_error(endpoint, e))
}

/// The key and secret kept for the store at `endpoint`, if any. An entry
/// that is not one Trellis wrote is an error, not silently ignored.
pub fn recall(endpoint: &str) -> Result<Option<Credentials>, ResultsError> {
    let entry = entry(endpoint)?;
    match entry.get_password() {
        Ok(json) => serde_json::from_str(&json).map(Some).map_err(|_| {
            ResultsError::Keyring(format!(
                "the system keyring's entry \"{SERVICE}\" for {endpoint} does not hold a key and secret Trellis wrote; run `trellis results login` again"
            ))
        }),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(keyring_error(endpoint, e)),
    }
}

/// Removes the key and secret kept for the store at `endpoint`; whether
/// there were any.
pub fn forget(endpoint: &str) -> Result<bool, ResultsError> {
    let entry = entry(endpoint)?;
    match entry.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(keyring_error(endpoint, e)),
    }
}

/// Where [`find`] found the key and secret, in words for messages.
pub const FROM_ENV: &str = "TRELLIS_LRS_KEY and TRELLIS_LRS_SECRET";
pub const FROM_KEYRING: &str =
    "the key and secret kept in the system keyring (`trellis results login`)";

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The key and secret for the store at `endpoint`, and where they came
/// from: the environment first (`TRELLIS_LRS_SECRET`, with `key` or else
/// `TRELLIS_LRS_KEY`), else the system keyring. `key`, when given, must be
/// the one kept in the keyring.
pub fn find(
    endpoint: &str,
    key: Option<&str>,
) -> Result<(Credentials, &'static str), ResultsError> {
    let key = key
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned);
    if let Some(secret) = env("TRELLIS_LRS_SECRET") {
        let key = key.or_else(|| env("TRELLIS_LRS_KEY")).ok_or_else(|| {
            ResultsError::Keyring(
                "TRELLIS_LRS_SECRET is set but no key: set TRELLIS_LRS_KEY (or give --key)".into(),
            )
        })?;
        return Ok((Credentials { key, secret }, FROM_ENV));
    }
    let endpoint = crate::lrs::normalise_endpoint(endpoint)?;
    match recall(&endpoint)? {
        Some(kept) if key.as_ref().is_none_or(|k| *k == kept.key) => Ok((kept, FROM_KEYRING)),
        Some(_) => Err(ResultsError::Keyring(format!(
            "the system keyring keeps another key for the record store at {endpoint}; run `trellis results login --lrs {endpoint}` with the new key, or set TRELLIS_LRS_KEY and TRELLIS_LRS_SECRET"
        ))),
        None => Err(ResultsError::NoCredentials(format!(
            "no key and secret for the record store at {endpoint}: keep them in the system keyring with `trellis results login --lrs {endpoint}`, or set TRELLIS_LRS_KEY and TRELLIS_LRS_SECRET"
        ))),
    }
}
