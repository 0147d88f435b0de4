//! Random tokens, their stored hashes, constant-time comparison and the
//! signed "form started at" stamp. Tokens are never stored in the clear:
//! a copy of the database does not let anyone sign in.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// 32 random bytes, URL-safe text (43 characters).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored for a token.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Equal, in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Signs short values (the time a form was shown) so a bot cannot forge them.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl Signer {
    pub fn new(key: &str) -> Self {
        Signer { key: key.as_bytes().to_vec() }
    }

    fn mac(&self, value: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes keys of any length");
        mac.update(value.as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }

    /// A value derived from `secret` for one `purpose`, which tells
    /// nothing about it (e.g. the anti-forgery token of a session).
    pub fn derive(&self, purpose: &str, secret: &str) -> String {
        self.mac(&format!("{purpose}|{secret}"))
    }

    pub fn sign(&self, value: &str) -> String {
        format!("{value}.{}", self.mac(value))
    }

    /// The value, if `signed` came from [`Signer::sign`] with this key.
    pub fn verify<'a>(&self, signed: &'a str) -> Option<&'a str> {
        let (value, mac) = signed.rsplit_once('.')?;
        same(&self.mac(value), mac).then_some(value)
    }
}

/// Seconds since 1970.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn signatures_check_out_only_with_the_key() {
        let s = Signer::new("k1");
        let signed = s.sign("1700000000");
        assert_eq!(s.verify(&signed), Some("1700000000"));
        assert_eq!(Signer::new("k2").verify(&signed), None);
        assert_eq!(s.verify("1700000001.xyz"), None);
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
