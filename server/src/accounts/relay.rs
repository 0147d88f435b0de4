//! The contact relay: a visitor's message to a group, sent on without
//! either side seeing the other's address until the group answers.

use crate::atlas::Atlas;
use crate::moderation::ActionError;
use app::listing_input::clean_line;
use app::problem::Problem;

impl Atlas {
    /// Relays a visitor's message to the group without showing its address.
    pub async fn contact_group(&self, slug: &str, name: &str, email: &str, message: &str) -> Result<(), ActionError> {
        let Some(listing) = self.read.public_directory().get(slug).cloned() else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        if !self.read.kind_allows(&listing.kind).contact {
            return Err(ActionError::NotFound(Problem::NotForThisKind));
        }
        let mut problems = Vec::new();
        if !crate::mail::valid_address(email) {
            problems.push(("email".to_string(), Problem::ReplyEmail));
        }
        let message = message.trim();
        if message.chars().count() < 10 || message.chars().count() > 5000 {
            problems.push(("message".to_string(), Problem::MessageLength));
        }
        let name: String = clean_line(name).chars().take(100).collect();
        if !problems.is_empty() {
            return Err(ActionError::Invalid(problems));
        }
        let Some((to, lang)) = self.store.listing_contact(slug).await? else {
            return Err(ActionError::NotFound(Problem::NoReplyAddress));
        };
        self.allow_relay_to(&to).await?;
        let args = [("name", name), ("email", email.to_string()), ("group", listing.name.clone()), ("message", message.to_string())];
        let (subject, body) = crate::mail::compose(&lang, "mail-relay", &args);
        self.mailer.send(&self.store, &to, Some(email), &subject, &body).await?;
        Ok(())
    }
}
