//! Typed facts a document states — deadlines, contract periods, values, reference numbers — found after
//! the labels packs declare (`[[fact]]`), each with its place, for `consistency` rules and `upplint dump`.
//!
//! A document's [`Facts`] are small and self-contained (values, the text as written, the location and
//! an excerpt for the report), so they can be kept after the document itself is dropped and compared
//! across the documents of a tender package.

mod compare;
mod extract;
mod schema;
mod value;

pub use compare::{Accessor, Point, format_amount};
pub use extract::{LabelHit, extract, label_hits};
pub use schema::{FactKind, FactSchema, ValueType};

use crate::model::{DocKind, Location};
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use std::ops::Range;

/// The facts of one document, in document order.
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    pub path: String,
    #[serde(skip)]
    pub kind: DocKind,
    pub items: Vec<Fact>,
}

impl Facts {
    pub fn empty(path: &str, kind: DocKind) -> Facts {
        Facts {
            path: path.to_string(),
            kind,
            items: Vec::new(),
        }
    }

    /// The mentions of one fact kind, in document order.
    pub fn of_kind(&self, kind: usize) -> impl Iterator<Item = &Fact> + '_ {
        self.items.iter().filter(move |f| f.kind == kind)
    }
}

/// One stated fact: which kind, its value, the text as written, and where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub name: String,
    #[serde(flatten)]
    pub value: FactValue,
    /// The value as written (`2024-03-15 kl. 12.00`).
    pub text: String,
    pub location: Location,
    /// Index of the block holding the value.
    pub block: usize,
    /// Byte span of the value in that block's text.
    pub span: Range<usize>,
    /// Index of the kind in the run's fact schema.
    #[serde(skip)]
    pub kind: usize,
    #[serde(skip)]
    pub excerpt: Excerpt,
}

/// What a report shows of a fact's paragraph when the document is gone: a window of the block text.
#[derive(Debug, Clone, Default)]
pub struct Excerpt {
    pub context: String,
    /// Byte range of the value within `context`.
    pub context_range: (usize, usize),
    /// Character offsets of the value within the block text.
    pub chars: (usize, usize),
}

/// A fact's typed value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum FactValue {
    Date {
        value: NaiveDate,
        #[serde(skip_serializing_if = "Option::is_none")]
        time: Option<NaiveTime>,
    },
    Period {
        value: PeriodValue,
    },
    Duration {
        value: DurationValue,
    },
    Amount {
        value: f64,
        currency: &'static str,
    },
    Text {
        value: String,
    },
}

/// A contract period: its start, and its end when stated or computable from a stated length.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodValue {
    pub start: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// Byte spans (in the block) of the start date and of the end date when written.
    #[serde(skip)]
    pub start_span: Range<usize>,
    #[serde(skip)]
    pub end_span: Option<Range<usize>>,
}

/// A length of time: months (years × 12) or days, with its parts (base period, then options).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DurationValue {
    pub months: u32,
    pub days: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<u32>,
}
