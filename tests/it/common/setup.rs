//! Test set-up that writes straight to the store: each step is its own
//! transaction through `Store::write`, as the command line's writes are —
//! the store has no other way to write.

use super::TestDb;
use app::people::{Role, User};

impl TestDb {
    /// The operator restarts the site with other settings: a new atlas over
    /// the same database (an atlas is never changed once made).
    pub async fn restart_with(&mut self, configure: impl FnOnce(&mut server::atlas::AtlasConfig)) {
        let mut config = self.atlas.config();
        configure(&mut config);
        self.atlas = std::sync::Arc::new(server::atlas::Atlas::new_with(self.store.clone(), config).await.expect("restart the atlas"));
    }

    pub async fn put_user(&self, email: &str, role: Role, regions: &[String]) -> User {
        self.store.write(async |tx| tx.put_user(email, role, regions).await).await.unwrap().0
    }

    /// The organiser account of `email`, made if there is none.
    pub async fn organiser(&self, email: &str) -> User {
        self.store.write(async |tx| tx.organiser(email).await).await.unwrap().0
    }

    pub async fn add_owner(&self, slug: &str, user_id: i64) {
        self.store.write(async |tx| tx.add_owner(slug, user_id).await).await.unwrap();
    }

    /// Where mail about the listing goes (in English).
    pub async fn set_listing_contact(&self, slug: &str, email: &str) {
        self.set_listing_contact_in(slug, email, "en").await;
    }

    pub async fn set_listing_contact_in(&self, slug: &str, email: &str, lang: &str) {
        self.store.write(async |tx| tx.set_listing_contact(slug, email, lang).await).await.unwrap();
    }

    pub async fn set_listing_status(&self, slug: &str, status: &str) {
        assert!(self.store.write(async |tx| tx.set_listing_status(slug, status).await).await.unwrap().0, "no listing {slug}");
    }

    pub async fn confirm_listing(&self, slug: &str) {
        self.store.write(async |tx| tx.confirm_listing(slug).await).await.unwrap();
    }

    pub async fn add_report(&self, slug: &str, category: &str, message: &str) -> i64 {
        self.store.write(async |tx| tx.add_report(slug, category, message).await).await.unwrap().0
    }

    /// A message in the outbox, not sent (as one that waited for a mail server).
    pub async fn queue_mail(&self, to: &str, subject: &str, body: &str) {
        self.store.write(async |tx| tx.queue_mail(to, None, subject, body).await).await.unwrap();
    }

    pub async fn add_kind(&self, kind: &app::model::ListingKind) {
        self.store.write(async |tx| tx.add_kind(kind).await).await.unwrap();
    }
}
