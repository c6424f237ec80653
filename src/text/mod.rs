//! Pure text analysis shared by the checks: money amounts, dates and durations, readability, law references, case folding.

pub mod amount;
pub mod date;
pub mod fold;
pub mod lawref;
pub mod money_format;
pub mod readability;
