//! Suppressions: findings a person has decided to accept — by a Word comment on the text itself, or by
//! `[[ignore]]` in upplint.toml — and upplint's own findings about suppressions that are wrong or stale.

pub mod builtin;
pub mod comments;
pub mod config;
