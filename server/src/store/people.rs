//! Accounts, sessions, one-time links and settings.

use super::Store;
use app::people::{Role, User};
use sqlx::any::AnyRow;
use sqlx::Row;

/// The site-wide settings kept in the database, so every instance reads
/// the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Setting {
    /// `on` while an admin has every location and listing hidden.
    Lockdown,
    /// Where `atlas serve` records the address its links use, for the tools.
    PublicUrl,
    /// The key that signs form stamps.
    FormSecret,
}

impl Setting {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

const LOCKDOWN_ON: &str = "on";

/// What a one-time link is for (stored by its word).
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum TokenPurpose {
    SignIn,
    /// Confirming a submission's address.
    Confirm,
    /// "Still active?" from a listing's reminder.
    StillActive,
}

/// What a used one-time link pointed at.
#[derive(Debug, Clone, Default)]
pub struct TokenUse {
    pub user_id: Option<i64>,
    pub submission_id: Option<i64>,
    pub listing_slug: Option<String>,
}

fn user(r: &AnyRow) -> User {
    let role: String = r.get("role");
    User {
        id: r.get("id"),
        email: r.get("email"),
        role: role.parse().unwrap_or(Role::Organiser),
        regions: serde_json::from_str(r.get("regions")).unwrap_or_default(),
    }
}

impl Store {
    pub async fn setting(&self, key: Setting) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key.as_str()).fetch_optional(self.pool()).await
    }

    /// Whether the site is in a lockdown (set by an admin, on any instance).
    pub async fn lockdown(&self) -> Result<bool, sqlx::Error> {
        Ok(self.setting(Setting::Lockdown).await?.as_deref() == Some(LOCKDOWN_ON))
    }

    /// The key that signs form stamps, made on first use and kept, so every
    /// instance and every restart agree.
    pub async fn form_secret(&self) -> Result<String, sqlx::Error> {
        sqlx::query("INSERT INTO settings (key, value) VALUES ('form_secret', $1) ON CONFLICT (key) DO NOTHING")
            .bind(crate::secrets::new_token())
            .execute(self.pool())
            .await?;
        Ok(self.setting(Setting::FormSecret).await?.unwrap_or_default())
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query("SELECT id, email, role, regions FROM users WHERE email = $1")
            .bind(super::email_key(email))
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(user))
    }

    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query("SELECT id, email, role, regions FROM users WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        Ok(row.as_ref().map(user))
    }

    pub async fn count_admins(&self) -> Result<i64, sqlx::Error> {
        count_admins_on(&mut *self.pool().acquire().await?).await
    }

    pub async fn users(&self) -> Result<Vec<User>, sqlx::Error> {
        let rows = sqlx::query("SELECT id, email, role, regions FROM users ORDER BY role, email").fetch_all(self.pool()).await?;
        Ok(rows.iter().map(user).collect())
    }

    pub async fn session_user(&self, hash: &str) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.role, u.regions FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.hash = $1 AND s.expires_at > $2",
        )
        .bind(hash)
        .bind(super::now())
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(user))
    }

    pub async fn end_session(&self, hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE hash = $1 OR expires_at < $2")
            .bind(hash)
            .bind(super::now())
            .execute(self.pool())
            .await
            .map(|_| ())
    }

    /// Was a sign-in link sent to this user in the last `minutes` that is
    /// still unused? (Links last `hours`; they are made with that expiry.)
    pub async fn recent_sign_in_link(&self, user_id: i64, hours: u32, minutes: u32) -> Result<bool, sqlx::Error> {
        let made_after = super::in_minutes((hours * 60).saturating_sub(minutes));
        let n: i64 =
            sqlx::query_scalar("SELECT count(*) FROM tokens WHERE purpose = $3 AND user_id = $1 AND used_at IS NULL AND expires_at > $2")
                .bind(user_id)
                .bind(made_after)
                .bind(<&str>::from(TokenPurpose::SignIn))
                .fetch_one(self.pool())
                .await?;
        Ok(n > 0)
    }
}

// As in `moderation.rs`: each statement once, for the pool or a use case's
// transaction.

/// The organiser account of `email`, made if there is none.
pub(crate) async fn organiser_on(conn: &mut sqlx::AnyConnection, email: &str) -> Result<User, sqlx::Error> {
    sqlx::query("INSERT INTO users (email, role) VALUES ($1, 'organiser') ON CONFLICT (email) DO NOTHING")
        .bind(super::email_key(email))
        .execute(&mut *conn)
        .await?;
    let row = sqlx::query("SELECT id, email, role, regions FROM users WHERE email = $1")
        .bind(super::email_key(email))
        .fetch_one(&mut *conn)
        .await?;
    Ok(user(&row))
}

pub(crate) async fn create_token_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    purpose: TokenPurpose,
    hash: &str,
    hours: u32,
    target: &TokenUse,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tokens (hash, purpose, user_id, submission_id, listing_slug, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash)
    .bind(<&str>::from(purpose))
    .bind(target.user_id)
    .bind(target.submission_id)
    .bind(&target.listing_slug)
    .bind(super::in_hours(hours))
    .execute(e)
    .await
    .map(|_| ())
}

/// Uses a live link once; None if it is used, expired or unknown.
pub(crate) async fn use_token_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    purpose: TokenPurpose,
    hash: &str,
) -> Result<Option<TokenUse>, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE tokens SET used_at = $1
         WHERE hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1
         RETURNING user_id, submission_id, listing_slug",
    )
    .bind(super::now())
    .bind(hash)
    .bind(<&str>::from(purpose))
    .fetch_optional(e)
    .await?;
    Ok(row.map(|r| TokenUse { user_id: r.get(0), submission_id: r.get(1), listing_slug: r.get(2) }))
}

pub(crate) async fn create_session_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    hash: &str,
    user_id: i64,
    days: u32,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sessions (hash, user_id, expires_at) VALUES ($1, $2, $3)")
        .bind(hash)
        .bind(user_id)
        .bind(super::in_hours(days * 24))
        .execute(e)
        .await
        .map(|_| ())
}

/// Deletes an account and the listings only it looked after; history
/// keeps its lines without the address. Returns the listings deleted.
pub(crate) async fn delete_user_on(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Vec<String>, sqlx::Error> {
    let slugs: Vec<String> = sqlx::query_scalar(
        "SELECT listing_slug FROM listing_owners o WHERE user_id = $1
         AND NOT EXISTS (SELECT 1 FROM listing_owners p WHERE p.listing_slug = o.listing_slug AND p.user_id != o.user_id)",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    for slug in &slugs {
        sqlx::query("DELETE FROM listings WHERE slug = $1").bind(slug).execute(&mut *conn).await?;
    }
    // History outlives the account, but not the address.
    for table in ["audit_log", "revisions"] {
        let column = if table == "audit_log" { "actor" } else { "author" };
        sqlx::query(&format!("UPDATE {table} SET {column} = 'deleted account' WHERE {column} = (SELECT email FROM users WHERE id = $1)"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM users WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(slugs)
}

pub(crate) async fn set_setting_on(conn: &mut sqlx::AnyConnection, key: Setting, value: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key.as_str())
        .bind(value)
        .execute(&mut *conn)
        .await
        .map(|_| ())
}

pub(crate) async fn put_user_on(conn: &mut sqlx::AnyConnection, email: &str, role: Role, regions: &[String]) -> Result<User, sqlx::Error> {
    let regions = serde_json::to_string(regions).expect("strings serialise");
    let row = sqlx::query(
        "INSERT INTO users (email, role, regions) VALUES ($1, $2, $3)
         ON CONFLICT (email) DO UPDATE SET role = excluded.role, regions = excluded.regions
         RETURNING id, email, role, regions",
    )
    .bind(super::email_key(email))
    .bind(role.as_str())
    .bind(regions)
    .fetch_one(&mut *conn)
    .await?;
    Ok(user(&row))
}

pub(crate) async fn count_admins_on(conn: &mut sqlx::AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM users WHERE role = 'admin'").fetch_one(&mut *conn).await
}
