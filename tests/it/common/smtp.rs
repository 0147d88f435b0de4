//! A real SMTP server on loopback for tests: it accepts every message and
//! keeps it, so tests can read the links out of the mail the site sent.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct Mail {
    pub to: Vec<String>,
    /// Headers and body, quoted-printable undone.
    pub text: String,
}

impl Mail {
    /// The message without its headers (a Message-ID like
    /// `<outbox-1.75e5…>` must not pass for a coordinate).
    pub fn body(&self) -> &str {
        self.text.split_once("\r\n\r\n").or_else(|| self.text.split_once("\n\n")).map_or(self.text.as_str(), |(_, body)| body)
    }

    /// The first link in the message that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let start = self.text.find(prefix)?;
        let rest = &self.text[start..];
        let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        Some(rest[..end].to_string())
    }
}

#[derive(Clone, Default)]
pub struct MailServer {
    pub url: String,
    mails: Arc<Mutex<Vec<Mail>>>,
    /// Milliseconds between keeping a message and saying so (a slow
    /// server: a sender killed meanwhile never hears it was taken).
    delay_ms: Arc<std::sync::atomic::AtomicU64>,
    /// Also written here, one file per message, for the browser tests.
    pub dir: Option<std::path::PathBuf>,
}

impl MailServer {
    pub async fn start(dir: Option<std::path::PathBuf>) -> MailServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = MailServer { url: format!("smtp://127.0.0.1:{port}"), mails: Default::default(), delay_ms: Default::default(), dir };
        let s = server.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else { return };
                let s = s.clone();
                tokio::spawn(async move { s.session(socket).await });
            }
        });
        server
    }

    async fn session(&self, socket: tokio::net::TcpStream) {
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        let _ = write.write_all(b"220 localhost test SMTP\r\n").await;
        let mut to = Vec::new();
        while let Ok(Some(line)) = lines.next_line().await {
            let upper = line.to_ascii_uppercase();
            let reply: &[u8] = if upper.starts_with("EHLO") {
                b"250-localhost\r\n250 8BITMIME\r\n"
            } else if upper.starts_with("RCPT TO:") {
                to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                b"250 OK\r\n"
            } else if upper.starts_with("DATA") {
                let _ = write.write_all(b"354 go ahead\r\n").await;
                let mut raw = String::new();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    raw.push_str(l.strip_prefix('.').filter(|_| l.starts_with("..")).unwrap_or(&l));
                    raw.push('\n');
                }
                self.keep(Mail { to: std::mem::take(&mut to), text: decode(&raw) });
                let delay = self.delay_ms.load(std::sync::atomic::Ordering::SeqCst);
                if delay > 0 {
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                }
                b"250 queued\r\n"
            } else if upper.starts_with("QUIT") {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            } else {
                b"250 OK\r\n"
            };
            let _ = write.write_all(reply).await;
        }
    }

    fn keep(&self, mail: Mail) {
        let mut mails = self.mails.lock().unwrap();
        if let Some(dir) = &self.dir {
            let _ = std::fs::write(dir.join(format!("{:04}.eml", mails.len())), &mail.text);
        }
        mails.push(mail);
    }

    /// Keeps each message `ms` milliseconds before saying it was taken.
    pub fn set_delay(&self, ms: u64) {
        self.delay_ms.store(ms, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn all(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }

    /// Waits up to 5 s for a message to `to` whose text contains `needle`.
    /// The first mail to `to` containing `needle` among those after the
    /// first `after` (mail written after an answer, such as sign-in links).
    pub async fn wait_for_new(&self, to: &str, needle: &str, after: usize) -> Mail {
        for _ in 0..100 {
            if let Some(m) = self.all().into_iter().skip(after).find(|m| m.to.iter().any(|t| t == to) && m.text.contains(needle)) {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no new mail to {to} containing {needle:?}; got {:#?}", self.all());
    }

    pub async fn wait_for(&self, to: &str, needle: &str) -> Mail {
        for _ in 0..100 {
            if let Some(m) = self.all().into_iter().rev().find(|m| m.to.iter().any(|t| t == to) && m.text.contains(needle)) {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no mail to {to} containing {needle:?}; got {:#?}", self.all());
    }
}

/// Headers as sent, the body decoded as its Content-Transfer-Encoding
/// says (lettre picks base64 for non-ASCII text, quoted-printable for long
/// ASCII lines, 7bit otherwise — where `=E3` in a link is just text).
fn decode(raw: &str) -> String {
    let Some((head, body)) = raw.split_once("\n\n") else { return raw.to_string() };
    let encoding = head.to_ascii_lowercase();
    if encoding.contains("content-transfer-encoding: base64") {
        use base64::Engine;
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD.decode(joined).unwrap_or_default();
        return format!("{head}\n\n{}", String::from_utf8_lossy(&bytes).replace("\r\n", "\n"));
    }
    if encoding.contains("content-transfer-encoding: quoted-printable") {
        return format!("{head}\n\n{}", unquote(body));
    }
    raw.to_string()
}

/// Undoes quoted-printable soft breaks and escapes (enough for our mail).
fn unquote(raw: &str) -> String {
    let joined = raw.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
