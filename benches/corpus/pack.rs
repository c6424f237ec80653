//! A rule pack of N substitution rules over realistic Swedish words and phrases, for measuring how the
//! check's cost grows with the number of rules.
//!
//! The words are prefixed verbs with their inflected forms (`uppvisa`, `uppvisar`, `uppvisas`,
//! `uppvisade`, `uppvisat` → `visa`) and stiff prepositional phrases (`med anledning av`); many are real
//! Swedish words, some only look like one. A few occur in the generated documents, so findings are made.

use super::rng::Rng;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

const PREFIXES: &[&str] = &[
    "an", "be", "till", "upp", "in", "ut", "över", "under", "fram", "mot", "av", "om", "efter",
    "sam", "genom", "vid", "åter", "bort", "ned", "sönder",
];

/// First-conjugation roots: -ar, -as, -ade, -at.
const ROOTS_AR: &[&str] = &[
    "räkna",
    "visa",
    "arbeta",
    "ordna",
    "pröva",
    "granska",
    "lämna",
    "teckna",
    "betala",
    "kalla",
    "tala",
    "skapa",
    "handla",
    "planera",
    "placera",
    "reglera",
    "leverera",
    "fakturera",
    "värdera",
    "rapportera",
    "kontrollera",
    "hänvisa",
    "bilda",
    "samla",
    "starta",
    "säkra",
    "forma",
    "dela",
    "märka",
    "styra",
];

/// Second-conjugation roots without the final -a: -er, -s, -de, -t.
const ROOTS_ER: &[&str] = &[
    "ställ", "för", "kör", "hör", "stäng", "väl", "ring", "vänd", "känn", "böj", "bygg", "hyr",
    "lär", "spel", "ström", "syn", "tyd", "mät", "läs", "sänk", "hämt", "följ", "skydd", "fyll",
    "led",
];

const PHRASE_HEADS: &[&str] = &["med", "i", "på", "till", "under"];
const PHRASE_NOUNS: &[&str] = &[
    "anledning",
    "hänsyn",
    "grund",
    "avsikt",
    "syfte",
    "följd",
    "förutsättning",
    "beaktande",
    "enlighet",
    "samband",
];
const PHRASE_TAILS: &[&str] = &["av", "till", "med", "att", "på"];
const PLAIN: &[&str] = &["på grund av", "för att", "enligt", "om", "med", "eftersom"];

/// One stiff word or phrase: its forms and what to write instead.
struct Word {
    forms: Vec<String>,
    suggestion: String,
}

fn vocabulary() -> Vec<Word> {
    let mut words = Vec::new();
    for prefix in PREFIXES {
        for root in ROOTS_AR {
            let stem = format!("{prefix}{root}");
            words.push(Word {
                forms: ["", "r", "s", "de", "t"]
                    .iter()
                    .map(|end| format!("{stem}{end}"))
                    .collect(),
                suggestion: root.to_string(),
            });
        }
        for root in ROOTS_ER {
            let stem = format!("{prefix}{root}");
            words.push(Word {
                forms: ["a", "er", "s", "de", "t"]
                    .iter()
                    .map(|end| format!("{stem}{end}"))
                    .collect(),
                suggestion: format!("{root}a"),
            });
        }
    }
    for (i, head) in PHRASE_HEADS.iter().enumerate() {
        for (j, noun) in PHRASE_NOUNS.iter().enumerate() {
            for (k, tail) in PHRASE_TAILS.iter().enumerate() {
                words.push(Word {
                    forms: vec![format!("{head} {noun} {tail}")],
                    suggestion: PLAIN[(i + j + k) % PLAIN.len()].to_string(),
                });
            }
        }
    }
    words
}

/// Writes `DIR/pack.toml` with `rules` substitution rules (at most the vocabulary's ~1,350 entries),
/// drawn in a seeded order so that 10 rules are a sample of the same vocabulary 1,000 rules come from.
pub fn write_substitution_pack(dir: &Path, rules: usize, seed: u64) -> io::Result<()> {
    let mut words = vocabulary();
    let mut rng = Rng::for_file(seed, "pack", 0);
    for i in (1..words.len()).rev() {
        words.swap(i, rng.below(i + 1));
    }
    if rules > words.len() {
        return Err(io::Error::other(format!(
            "at most {} substitution rules can be generated",
            words.len()
        )));
    }
    let mut toml = String::from(
        "[pack]\nname = \"bench\"\nversion = \"0.1.0\"\ndescription = \"Genererade ersättningsregler för mätningar.\"\nlicense = \"CC0-1.0\"\n",
    );
    for (i, word) in words.iter().take(rules).enumerate() {
        let forms: Vec<String> = word.forms.iter().map(|f| format!("\"{f}\"")).collect();
        let _ = write!(
            toml,
            "\n[[rule]]\nid = \"bench/ord-{i:04}\"\nkind = \"substitution\"\nseverity = \"info\"\nmessage = \"Skriv ”{{suggestion}}” i stället för ”{{match}}”.\"\n\n[[rule.word]]\nforms = [{}]\nsuggestion = \"{}\"\n",
            forms.join(", "),
            word.suggestion
        );
    }
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("pack.toml"), toml)
}
