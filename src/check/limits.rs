//! The limit registry: which value of a named limit is in force on a date, in which currency, and
//! which values it had before — from the `[[limit]]` periods of all layers and the prisbasbelopp table.
//!
//! A name may have periods in kronor and in euro (an EU threshold is decided in euro; its kronor value
//! is published separately, and may be missing). Nothing here converts between currencies: a question
//! in kronor gets a kronor period or an honest "there is none" ([`Lookup::OtherCurrency`]).
//! A limit given in prisbasbelopp (`pbb = 0.5`) has one value per calendar year, from that year's
//! prisbasbelopp; a year without one gives [`Lookup::MissingPbb`].

use super::env::Env;
use crate::rules::format::LimitDef;
use crate::rules::limit_defs::date_of;
use crate::text::amount::Currency;
use crate::text::money_format::{format_count, format_money};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// How a value in prisbasbelopp was computed.
#[derive(Debug, Clone, PartialEq)]
pub struct PbbBasis {
    /// The number of prisbasbelopp (`0.5`).
    pub count: f64,
    pub year: i32,
    /// That year's prisbasbelopp in kronor.
    pub amount: f64,
}

/// One value of a limit and the period it is (or was) in force.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitValue {
    pub name: String,
    /// What people call it (`direktupphandlingsgränsen enligt LOU`); the name when no label is given.
    pub label: String,
    pub value: f64,
    pub currency: Currency,
    pub valid_from: NaiveDate,
    /// Last day in force; None while it has no end.
    pub valid_to: Option<NaiveDate>,
    pub source: Option<String>,
    pub pbb: Option<PbbBasis>,
}

impl LimitValue {
    /// `700 000 kr`, or `29 600 kr (0,5 prisbasbelopp för 2026)`.
    pub fn value_text(&self) -> String {
        let money = format_money(self.value, self.currency);
        match &self.pbb {
            Some(basis) => format!(
                "{money} ({} prisbasbelopp för {})",
                format_count(basis.count),
                basis.year
            ),
            None => money,
        }
    }

    /// `gällande från 2022-02-01` or `gällande 2020-01-01–2021-12-31`.
    pub fn period_text(&self) -> String {
        match self.valid_to {
            Some(to) => format!("gällande {}–{to}", self.valid_from),
            None => format!("gällande från {}", self.valid_from),
        }
    }

    /// `direktupphandlingsgränsen enligt LOU, 700 000 kr, gällande från 2022-02-01`.
    pub fn describe(&self) -> String {
        format!(
            "{}, {}, {}",
            self.label,
            self.value_text(),
            self.period_text()
        )
    }

    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }
}

/// The answer to "what is limit X on date D in currency C".
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Found(LimitValue),
    /// The limit is in force on the date, but only in other currencies (no kronor value published).
    OtherCurrency(Vec<LimitValue>),
    /// The limit is in prisbasbelopp and no prisbasbelopp is known for the year.
    MissingPbb {
        label: String,
        year: i32,
    },
    /// No period covers the date.
    NotInForce,
}

/// A read-only view of the run's limits.
pub struct Registry<'a> {
    defs: &'a [LimitDef],
    prisbasbelopp: &'a BTreeMap<i32, f64>,
}

/// A `[[limit]]` entry with its dates and currency read; entries that cannot be read are skipped
/// (loading has already reported them).
struct Period<'a> {
    def: &'a LimitDef,
    from: NaiveDate,
    to: Option<NaiveDate>,
    currency: Currency,
}

impl<'a> Registry<'a> {
    pub fn of(env: &'a Env) -> Self {
        Registry::new(&env.limits, &env.prisbasbelopp)
    }

    pub fn new(defs: &'a [LimitDef], prisbasbelopp: &'a BTreeMap<i32, f64>) -> Self {
        Registry {
            defs,
            prisbasbelopp,
        }
    }

    /// Whether any layer defines a limit of this name.
    pub fn knows(&self, name: &str) -> bool {
        self.defs.iter().any(|d| d.name.get_ref() == name)
    }

    /// The value in force on `date`: in kronor when there is one, else in any currency.
    pub fn value_at(&self, name: &str, date: NaiveDate) -> Option<LimitValue> {
        match self.value_in(name, date, Currency::Sek) {
            Lookup::Found(value) => Some(value),
            Lookup::OtherCurrency(values) => values.into_iter().next(),
            Lookup::MissingPbb { .. } | Lookup::NotInForce => None,
        }
    }

    /// The value in force on `date` in `currency`, or why there is none.
    pub fn value_in(&self, name: &str, date: NaiveDate, currency: Currency) -> Lookup {
        let in_force: Vec<Period<'_>> = self
            .periods_of(name)
            .filter(|p| p.from <= date && p.to.is_none_or(|to| date <= to))
            .collect();
        let Some(period) = in_force.iter().find(|p| p.currency == currency) else {
            let others: Vec<LimitValue> = in_force
                .iter()
                .filter_map(|p| self.value_for_year(p, date.year()))
                .collect();
            return if others.is_empty() {
                Lookup::NotInForce
            } else {
                Lookup::OtherCurrency(others)
            };
        };
        match self.value_for_year(period, date.year()) {
            Some(value) => Lookup::Found(value),
            None => Lookup::MissingPbb {
                label: label_of(period.def),
                year: date.year(),
            },
        }
    }

    /// Every value the limit has had or will have, oldest first per currency; a period in prisbasbelopp
    /// gives one value per year whose prisbasbelopp is known.
    pub fn periods(&self, name: &str) -> Vec<LimitValue> {
        let mut values: Vec<LimitValue> = self
            .periods_of(name)
            .flat_map(|p| self.values_of_period(&p))
            .collect();
        values.sort_by_key(|v| (v.currency == Currency::Eur, v.valid_from));
        values
    }

    fn periods_of(&self, name: &'a str) -> impl Iterator<Item = Period<'a>> + 'a {
        self.defs
            .iter()
            .filter(move |d| d.name.get_ref() == name)
            .filter_map(read_period)
    }

    fn values_of_period(&self, period: &Period<'_>) -> Vec<LimitValue> {
        if period.def.pbb.is_none() {
            return self
                .value_for_year(period, period.from.year())
                .into_iter()
                .collect();
        }
        self.prisbasbelopp
            .keys()
            .filter(|&&year| {
                year >= period.from.year() && period.to.is_none_or(|to| year <= to.year())
            })
            .filter_map(|&year| self.value_for_year(period, year))
            .collect()
    }

    /// The period's value; for a period in prisbasbelopp, its value in `year`, cut to that year.
    fn value_for_year(&self, period: &Period<'_>, year: i32) -> Option<LimitValue> {
        let def = period.def;
        let mut value = LimitValue {
            name: def.name.get_ref().clone(),
            label: label_of(def),
            value: def.value.as_ref().map(|v| *v.get_ref()).unwrap_or(0.0),
            currency: period.currency,
            valid_from: period.from,
            valid_to: period.to,
            source: def.source.clone(),
            pbb: None,
        };
        if let Some(count) = def.pbb {
            let amount = *self.prisbasbelopp.get(&year)?;
            let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
            let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
            value.value = (count * amount * 100.0).round() / 100.0;
            value.valid_from = period.from.max(first);
            value.valid_to = Some(period.to.map_or(last, |to| to.min(last)));
            value.pbb = Some(PbbBasis {
                count,
                year,
                amount,
            });
        }
        Some(value)
    }
}

fn read_period(def: &LimitDef) -> Option<Period<'_>> {
    let from = date_of(def.valid_from.get_ref())?;
    let to = match &def.valid_to {
        Some(to) => Some(date_of(to.get_ref())?),
        None => None,
    };
    let currency = parse_currency(def.currency.get_ref())?;
    (def.value.is_some() != def.pbb.is_some()).then_some(Period {
        def,
        from,
        to,
        currency,
    })
}

/// `SEK` or `EUR`, as limits and rules write them.
pub fn parse_currency(code: &str) -> Option<Currency> {
    match code {
        "SEK" => Some(Currency::Sek),
        "EUR" => Some(Currency::Eur),
        _ => None,
    }
}

fn label_of(def: &LimitDef) -> String {
    def.label
        .clone()
        .unwrap_or_else(|| def.name.get_ref().clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml::Spanned;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn def(
        name: &str,
        value: Option<f64>,
        currency: &str,
        from: &str,
        to: Option<&str>,
    ) -> LimitDef {
        LimitDef {
            name: Spanned::new(0..0, name.to_string()),
            label: Some(format!("gränsen {name}")),
            value: value.map(|v| Spanned::new(0..0, v)),
            currency: Spanned::new(0..0, currency.to_string()),
            valid_from: Spanned::new(0..0, from.parse().unwrap()),
            valid_to: to.map(|t| Spanned::new(0..0, t.parse().unwrap())),
            source: Some("källa".into()),
            pbb: None,
        }
    }

    fn lou() -> Vec<LimitDef> {
        vec![
            def(
                "lou",
                Some(615_312.0),
                "SEK",
                "2020-01-01",
                Some("2021-12-31"),
            ),
            def(
                "lou",
                Some(626_284.0),
                "SEK",
                "2022-01-01",
                Some("2022-01-31"),
            ),
            def("lou", Some(700_000.0), "SEK", "2022-02-01", None),
            def(
                "eu",
                Some(2_389_585.0),
                "SEK",
                "2024-01-01",
                Some("2025-12-31"),
            ),
            def(
                "eu",
                Some(221_000.0),
                "EUR",
                "2024-01-01",
                Some("2025-12-31"),
            ),
            def(
                "eu",
                Some(216_000.0),
                "EUR",
                "2026-01-01",
                Some("2027-12-31"),
            ),
        ]
    }

    #[test]
    fn picks_the_period_in_force() {
        let defs = lou();
        let pbb = BTreeMap::new();
        let registry = Registry::new(&defs, &pbb);
        let in_2021 = registry.value_at("lou", date("2021-06-01")).unwrap();
        assert_eq!(in_2021.value, 615_312.0);
        assert_eq!(in_2021.period_text(), "gällande 2020-01-01–2021-12-31");
        let now = registry.value_at("lou", date("2026-11-21")).unwrap();
        assert_eq!(
            now.describe(),
            "gränsen lou, 700 000 kr, gällande från 2022-02-01"
        );
        assert_eq!(
            registry.value_at("lou", date("2022-01-31")).unwrap().value,
            626_284.0
        );
        assert_eq!(registry.value_at("lou", date("2019-12-31")), None);
        assert_eq!(registry.value_at("okänd", date("2026-01-01")), None);
        assert!(registry.knows("lou") && !registry.knows("okänd"));
        assert_eq!(registry.periods("lou").len(), 3);
    }

    #[test]
    fn never_converts_currencies() {
        let defs = lou();
        let pbb = BTreeMap::new();
        let registry = Registry::new(&defs, &pbb);
        match registry.value_in("eu", date("2025-06-01"), Currency::Sek) {
            Lookup::Found(v) => assert_eq!(v.value, 2_389_585.0),
            other => panic!("{other:?}"),
        }
        match registry.value_in("eu", date("2026-06-01"), Currency::Sek) {
            Lookup::OtherCurrency(values) => {
                assert_eq!(values.len(), 1);
                assert_eq!(values[0].value_text(), "216 000 euro");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            registry.value_in("eu", date("2028-06-01"), Currency::Sek),
            Lookup::NotInForce
        );
        let eur = registry.value_at("eu", date("2026-06-01")).unwrap();
        assert_eq!(eur.currency, Currency::Eur);
    }

    #[test]
    fn prisbasbelopp_limits_have_a_value_per_year() {
        let mut half = def("halv", None, "SEK", "2025-01-01", None);
        half.pbb = Some(0.5);
        let defs = vec![half];
        let pbb = BTreeMap::from([(2025, 58_800.0), (2026, 59_200.0)]);
        let registry = Registry::new(&defs, &pbb);
        let value = registry.value_at("halv", date("2026-03-01")).unwrap();
        assert_eq!(value.value, 29_600.0);
        assert_eq!(value.value_text(), "29 600 kr (0,5 prisbasbelopp för 2026)");
        assert_eq!(value.period_text(), "gällande 2026-01-01–2026-12-31");
        assert_eq!(
            registry.value_at("halv", date("2025-03-01")).unwrap().value,
            29_400.0
        );
        assert_eq!(
            registry.value_in("halv", date("2027-03-01"), Currency::Sek),
            Lookup::MissingPbb {
                label: "gränsen halv".into(),
                year: 2027
            }
        );
        let periods = registry.periods("halv");
        assert_eq!(
            periods.iter().map(|p| p.value).collect::<Vec<_>>(),
            [29_400.0, 29_600.0]
        );
    }
}
