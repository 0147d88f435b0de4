//! People's use cases, one file per flow: signing in by emailed link,
//! what organisers can do with their own data, reports, the contact relay,
//! reminders, and the admins' switches.

mod admin;
mod my_data;
mod relay;
mod reminders;
mod reports;
mod sign_in;

pub use sign_in::SESSION_DAYS;
