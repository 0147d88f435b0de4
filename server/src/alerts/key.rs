//! The operator's alerts key (`ATLAS_ALERTS_KEY`, 32 bytes as 64 hex
//! digits) and what is derived from it: the sealed address, its keyed hash
//! for lookups and rate limits, and each alert's unsubscribe token. The
//! database never holds the key, so a copy of it (a backup, `atlas copy`)
//! reveals no address and lets nobody stop someone else's alert.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bound to every sealed address, so a sealed value of another purpose
/// (if one is ever added) does not open as an address.
const ADDRESS_AAD: &[u8] = b"atlas alert address v1";

#[derive(Clone)]
pub struct AlertsKey {
    seal: [u8; 32],
    hash: [u8; 32],
    token: [u8; 32],
}

#[derive(Debug, thiserror::Error)]
#[error("ATLAS_ALERTS_KEY must be 64 hexadecimal digits (32 random bytes), e.g. the output of `openssl rand -hex 32`")]
pub struct BadAlertsKey;

impl std::fmt::Debug for AlertsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AlertsKey(…)")
    }
}

fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    for p in parts {
        m.update(p);
        m.update(b"|");
    }
    m.finalize().into_bytes().into()
}

impl AlertsKey {
    /// From 64 hex digits (spaces around are ignored).
    pub fn from_hex(text: &str) -> Result<AlertsKey, BadAlertsKey> {
        let text = text.trim();
        if text.len() != 64 || !text.is_ascii() {
            return Err(BadAlertsKey);
        }
        let mut master = [0u8; 32];
        for (i, byte) in master.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| BadAlertsKey)?;
        }
        // One key per use, so no value made for one use works for another.
        Ok(AlertsKey { seal: mac(&master, &[b"seal"]), hash: mac(&master, &[b"address hash"]), token: mac(&master, &[b"alert token"]) })
    }

    /// The address sealed with a random nonce: URL-safe text.
    pub fn seal(&self, address: &str) -> String {
        let cipher = XChaCha20Poly1305::new((&self.seal).into());
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut nonce).expect("the operating system provides randomness");
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: address.as_bytes(), aad: ADDRESS_AAD })
            .expect("sealing a short text cannot fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        URL_SAFE_NO_PAD.encode(out)
    }

    /// The address, if `sealed` came from [`AlertsKey::seal`] with this key.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(sealed).ok()?;
        if bytes.len() < 24 + 16 {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(24);
        let cipher = XChaCha20Poly1305::new((&self.seal).into());
        let plain = cipher.decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: ADDRESS_AAD }).ok()?;
        String::from_utf8(plain).ok()
    }

    /// The keyed hash of an address (lowercased): finds a person's alerts
    /// and counts mail to them, and tells nothing without the key.
    pub fn address_hash(&self, address: &str) -> String {
        let digest = mac(&self.hash, &[address.trim().to_lowercase().as_bytes()]);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// An alert's unsubscribe token, made again for every mail from its
    /// random salt; only its hash is stored.
    pub fn alert_token(&self, salt: &str) -> String {
        URL_SAFE_NO_PAD.encode(mac(&self.token, &[salt.as_bytes()]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn an_address_opens_only_with_its_key() {
        let key = AlertsKey::from_hex(KEY).unwrap();
        let sealed = key.seal("Someone@Example.org");
        assert!(!sealed.contains("Someone") && !sealed.contains("example"));
        assert_ne!(sealed, key.seal("Someone@Example.org"), "a fresh nonce each time");
        assert_eq!(key.open(&sealed).as_deref(), Some("Someone@Example.org"));
        let other = AlertsKey::from_hex(&KEY.replace("1f", "ff")).unwrap();
        assert_eq!(other.open(&sealed), None);
        assert_eq!(key.open("not sealed"), None);
    }

    #[test]
    fn hashes_and_tokens_are_stable_and_keyed() {
        let key = AlertsKey::from_hex(KEY).unwrap();
        assert_eq!(key.address_hash("a@example.org"), key.address_hash(" A@Example.org "));
        assert_eq!(key.alert_token("salt"), key.alert_token("salt"));
        assert_ne!(key.alert_token("salt"), key.alert_token("salt2"));
        assert!(AlertsKey::from_hex("abc").is_err());
        assert!(AlertsKey::from_hex(&"zz".repeat(32)).is_err());
    }
}
