//! What checks may know beyond the document: the as-of date, named limits, the policy register, params.

use super::facts::FactSchema;
use super::package::PackageDefinition;
use crate::rules::Loaded;
use crate::rules::format::{LimitDef, PolicyDef};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The run's shared facts, built once from all layers.
#[derive(Debug, Clone)]
pub struct Env {
    /// The date whose rules and limits apply (`--as-of`, default today).
    pub as_of: NaiveDate,
    /// Named limits with their periods; a later layer's definitions of a name in one currency replace
    /// the earlier layers' periods of that name and currency (see `check::limits`).
    pub limits: Vec<LimitDef>,
    /// The policy register; a later layer's entry replaces an earlier one with the same id.
    pub policies: Vec<PolicyDef>,
    /// Global parameters from config (`[params]`).
    pub params: toml::Table,
    /// Prisbasbelopp per year, for limits in pbb.
    pub prisbasbelopp: BTreeMap<i32, f64>,
    /// The fact kinds of all packs (`[[fact]]`), compiled with the rule set.
    pub facts: Arc<FactSchema>,
    /// The config's `[[package]]` definitions, compiled with the rule set.
    pub packages: Vec<PackageDefinition>,
}

impl Env {
    pub fn new(as_of: NaiveDate) -> Self {
        Env {
            as_of,
            limits: Vec::new(),
            policies: Vec::new(),
            params: toml::Table::new(),
            prisbasbelopp: BTreeMap::new(),
            facts: Arc::default(),
            packages: Vec::new(),
        }
    }

    /// Collects limits, policies and parameters from the packs (in order) and then the config.
    pub fn from_layers(loaded: &Loaded, as_of: NaiveDate) -> Self {
        let mut env = Env::new(as_of);
        for pack in &loaded.packs {
            env.add_limits(&pack.limits);
            env.add_policies(&pack.policies);
            env.prisbasbelopp.extend(&pack.prisbasbelopp);
        }
        if let Some(config) = &loaded.config {
            env.add_limits(&config.file.limit);
            env.add_policies(&config.file.policy);
            env.params = config.file.params.clone();
            for (year, value) in &config.file.prisbasbelopp {
                let amount = value
                    .as_float()
                    .or_else(|| value.as_integer().map(|i| i as f64));
                if let (Ok(year), Some(amount)) = (year.parse::<i32>(), amount) {
                    env.prisbasbelopp.insert(year, amount);
                }
            }
        }
        env
    }

    /// A layer's periods of a name and currency replace the earlier layers' periods of that name and
    /// currency: an organisation can restate its own limit, or add the kronor value of a euro threshold
    /// without repeating the euro periods.
    fn add_limits(&mut self, limits: &[LimitDef]) {
        let key = |l: &LimitDef| (l.name.get_ref().clone(), l.currency.get_ref().clone());
        let replaced: Vec<(String, String)> = limits.iter().map(key).collect();
        self.limits.retain(|l| !replaced.contains(&key(l)));
        self.limits.extend(limits.iter().cloned());
    }

    fn add_policies(&mut self, policies: &[PolicyDef]) {
        for policy in policies {
            self.policies
                .retain(|p| p.id.get_ref() != policy.id.get_ref());
            self.policies.push(policy.clone());
        }
    }

    /// A boolean global parameter, false when absent.
    pub fn flag(&self, name: &str) -> bool {
        self.params
            .get(name)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }
}
