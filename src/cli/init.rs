//! `upplint init [DIR]`: writes a commented upplint.toml for an organisation to start from.

use super::output::write_atomic;
use super::{EXIT_OK, EXIT_USAGE};
use crate::rules::config::CONFIG_NAME;
use crate::rules::embedded;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Folder to write upplint.toml in (default: the current folder).
    pub dir: Option<PathBuf>,
    /// Overwrite an existing upplint.toml.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: InitArgs) -> u8 {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        eprintln!("upplint: no such folder: {}", dir.display());
        return EXIT_USAGE;
    }
    let path = dir.join(CONFIG_NAME);
    if path.exists() && !args.force {
        eprintln!(
            "upplint: {} already exists; use --force to overwrite it",
            path.display()
        );
        return EXIT_USAGE;
    }
    match write_atomic(&path, template().as_bytes()) {
        Ok(()) => {
            eprintln!(
                "upplint: wrote {}; check it with `upplint rules`",
                path.display()
            );
            EXIT_OK
        }
        Err(e) => {
            eprintln!("upplint: cannot write {}: {e}", path.display());
            EXIT_USAGE
        }
    }
}

/// The starting config: every embedded pack, and commented examples of each section.
pub fn template() -> String {
    let packs = embedded::names()
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ");
    TEMPLATE.replace("{packs}", &packs)
}

const TEMPLATE: &str = r#"# upplint.toml — upplints inställningar för organisationen.
# upplint's settings for this organisation.
#
# Filen gäller dokumenten i den här mappen och alla undermappar (upplint letar uppåt efter den).
# It applies to the documents in this folder and below (upplint looks for it upward from the checked path).
# Se reglerna som gäller / list the rules in force:  upplint rules
# Läs om en regel / read about a rule:                upplint explain publicering/platshallare

# Regelpaket i lagerordning: inbyggda paket med namn, egna paket som sökväg från den här filen.
# Rule packs in layer order: embedded packs by name, local packs as a path from this file.
packs = [{packs}]
# packs = [{packs}, "./regler/kommunen"]

# Lägsta allvarlighetsgrad som ger exit-status 1 i CI: "error", "warning" eller "info".
# The lowest severity that fails a CI run.
fail_on = "error"

# Datum vars gränser och regler gäller (standard: i dag). / The date whose limits apply (default: today).
# as_of = 2026-01-01

# Justera regler: allvarlighetsgrad eller "off", per regel-id, prefix ("klarsprak/") eller paketnamn.
# Adjust rules: a severity or "off", by rule id, prefix or pack name.
[rules]
# "publicering/platshallare" = "warning"

# Egna gränser, som regler jämför belopp med. Varje period har valid_from (och valid_to när den slutat).
# The organisation's own limits, which rules compare amounts with; each period has valid_from.
[[limit]]
name = "egen-konkurrensgrans"
label = "kommunens gräns för konkurrensutsättning av direktupphandlingar"
value = 100000
currency = "SEK"
valid_from = 2025-01-01
source = "Riktlinjer för inköp och upphandling (ange beslut och diarienummer)"

# En äldre period av samma gräns: dokument som fortfarande anger den är inaktuella.
# An earlier period of the same limit: documents that still state it are out of date.
# [[limit]]
# name = "egen-konkurrensgrans"
# value = 30000
# valid_from = 2020-01-01
# valid_to = 2024-12-31

# Prisbasbelopp per år, för gränser angivna i prisbasbelopp (pbb = 0.5 i en [[limit]]).
# Price base amount per year, for limits given in pbb.
# prisbasbelopp = { 2025 = 58800, 2026 = 59200 }

# Styrdokumentsregistret: styrdokument som upphandlingsdokument får hänvisa till.
# The policy register: governing documents that tender documents may refer to.
[[policy]]
id = "upphandlingspolicy"
title = "Policy för inköp och upphandling"
aliases = ["inköpspolicyn", "upphandlingspolicyn"]
status = "current"
decided = "2025-01-01"
decided_by = "Kommunfullmäktige"
# dnr = "KS 2024/0000"

# Ett upphävt styrdokument: hänvisningar till det rapporteras, med vad som ersatt det.
# A retired document: references to it are reported, with what replaced it.
# [[policy]]
# id = "inkopspolicy-2016"
# title = "Inköpspolicy 2016"
# status = "retired"
# replaced_by = "upphandlingspolicy"

# Mallar: platshållare som "[Ange datum]" ska finnas kvar i mallen, så den regeln är avstängd där.
# Templates: placeholders belong in a template, so that rule is off there.
[[override]]
files = ["mallar/**"]
params = { mall = true }
[override.rules]
"publicering/platshallare" = "off"

# Utkast: sådant som ska bort före publicering är bara en varning medan dokumentet skrivs.
# Drafts: what must go before publishing is only a warning while the document is being written.
[[override]]
files = ["utkast/**"]
[override.rules]
"publicering/platshallare" = "warning"

# Undantag: en regel avstängd för vissa filer. reason krävs; efter until (sista dag) gäller undantaget
# inte längre och upplint säger det. Ett undantag i ett Word-dokument skrivs i stället som en kommentar:
# "upplint-ignorera: publicering/platshallare Leverantören fyller i datumet".
# An exception: a rule off for some files. reason is required; after until (the last day) it stops
# applying and upplint says so. In a Word document, write a comment instead (as above).
# [[ignore]]
# files = ["arkiv/**"]
# rule = "publicering/"
# reason = "Arkiverade dokument publiceras inte igen."
# until = 2027-06-30

# Gränser för filer upplint läser. / Limits on the files upplint reads.
# [limits]
# max_file_size = 209715200
# max_findings_per_file = 5000
"#;
