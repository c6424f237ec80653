//! Swedish tender prose: sentences from phrase banks, with amounts, law references, dates and now and
//! then a stiff word from the plain-language black list (Svarta listan), as real tender documents have.

use super::rng::Rng;

/// What a tender is about: (subject in the title, short noun for the text).
pub const SUBJECTS: &[(&str, &str)] = &[
    ("Städtjänster för kommunens lokaler", "städtjänster"),
    ("Skolskjuts och färdtjänst", "skolskjutsar"),
    ("Livsmedel till skolor och äldreboenden", "livsmedel"),
    ("Kontorsmaterial och förbrukningsvaror", "kontorsmaterial"),
    (
        "IT-konsulttjänster inom systemutveckling",
        "IT-konsulttjänster",
    ),
    (
        "Drift och underhåll av gatubelysning",
        "underhåll av gatubelysning",
    ),
    ("Snöröjning och halkbekämpning", "snöröjning"),
    ("Tolktjänster", "tolktjänster"),
    ("Möbler till förskolor", "förskolemöbler"),
    ("Fastighetsskötsel", "fastighetsskötsel"),
    ("Bemanning av sjuksköterskor", "bemanningstjänster"),
    ("Trycksaker och grafisk produktion", "trycksaker"),
    ("Arbetskläder och skyddsutrustning", "arbetskläder"),
    ("Hyra av fordon", "fordonshyra"),
    ("Ramavtal för byggentreprenader", "byggentreprenader"),
];

pub const BUYERS: &[&str] = &[
    "Kommunen",
    "Regionen",
    "Den upphandlande myndigheten",
    "Beställaren",
    "Upphandlingsenheten",
];

const SUPPLIERS: &[&str] = &[
    "Leverantören",
    "Anbudsgivaren",
    "Leverantören",
    "Entreprenören",
    "Uppdragstagaren",
    "Ramavtalsleverantören",
    "Anbudsgivaren",
];

const MUSTS: &[&str] = &["ska", "ska", "ska", "ska", "bör", "får", "ska kunna"];

const ACTIONS: &[&str] = &[
    "leverera varorna till den leveransadress som anges i beställningen",
    "tillhandahålla support per telefon och e-post under kontorstid",
    "redovisa hur det systematiska kvalitetsarbetet bedrivs",
    "bifoga ett registreringsbevis som inte är äldre än sex månader",
    "ha en kontaktperson med ansvar för avtalet",
    "följa gällande arbetsmiljölagstiftning och kollektivavtal",
    "rapportera avvikelser till beställaren inom två arbetsdagar",
    "lämna statistik över levererade volymer varje kvartal",
    "ersätta felaktiga varor utan extra kostnad för beställaren",
    "använda fordon som uppfyller lägst miljöklass Euro 6",
    "säkerställa att personalen har relevant utbildning och erfarenhet",
    "redovisa priser exklusive mervärdesskatt i svenska kronor",
    "fakturera elektroniskt enligt Peppol BIS Billing 3",
    "hantera personuppgifter i enlighet med dataskyddsförordningen",
    "genomföra uppstartsmöte med beställaren senast en månad efter avtalsstart",
    "tillämpa villkor om lön, semester och arbetstid som motsvarar kollektivavtalet",
    "redovisa sitt miljöarbete och hur det följs upp",
    "lämna referenser från minst två liknande uppdrag de senaste tre åren",
    "ha en ansvarsförsäkring som gäller under hela avtalsperioden",
    "erbjuda utbildning av beställarens personal vid leveransstart",
];

const CONDITIONS: &[&str] = &[
    "inom 30 dagar från beställning",
    "under hela avtalsperioden",
    "på begäran av beställaren",
    "utan extra kostnad",
    "senast fem arbetsdagar efter avrop",
    "enligt bilaga 2 Kravspecifikation",
    "i den omfattning som anges i prisbilagan",
    "vid varje leveranstillfälle",
    "för samtliga delområden",
    "innan avtalet tecknas",
];

const OPENERS: &[&str] = &[
    "Av anbudet ska det framgå hur",
    "Beställaren förutsätter att",
    "Det är viktigt att",
    "Under avtalstiden gäller att",
    "Vid utvärderingen kontrolleras att",
    "För att kvalificeras krävs att",
];

const PLAIN_SENTENCES: &[&str] = &[
    "Anbudet ska vara skrivet på svenska.",
    "Anbud som lämnas för sent kommer inte att prövas.",
    "Frågor om upphandlingen ställs skriftligen via upphandlingsverktyget.",
    "Svar på frågor publiceras anonymiserade för samtliga anbudsgivare.",
    "Alternativa anbud accepteras inte.",
    "Anbudet ska vara giltigt i sex månader efter sista anbudsdag.",
    "Avtalet börjar gälla när båda parter har undertecknat det.",
    "Priserna är fasta under det första avtalsåret.",
    "Därefter får priserna justeras en gång per år enligt index.",
    "Betalning sker 30 dagar efter godkänd faktura.",
    "Beställaren har rätt att kontrollera att kraven uppfylls under hela avtalstiden.",
    "Vid brister ska leverantören åtgärda felet utan dröjsmål och utan kostnad för beställaren.",
    "Upphandlingen är uppdelad i tre delområden.",
    "Anbudsgivaren kan lämna anbud på ett eller flera delområden.",
    "Utvärderingen görs enligt grunden bästa förhållandet mellan pris och kvalitet.",
    "Kvalitet viktas till 40 procent och pris till 60 procent.",
    "Sekretess gäller för anbuden till dess att tilldelningsbeslut har fattats.",
    "Tilldelningsbeslutet skickas till samtliga anbudsgivare via e-post.",
    "Avtalsspärren är tio dagar från det att beslutet skickades.",
    "Ramavtalet omfattar uppskattade volymer och ger ingen garanti om en viss omfattning.",
];

/// Sentences with a stiff word from the black list (klarsprak/svarta-listan, klarsprak/skall,
/// klarsprak/stelt-ord): what the default packs are there to catch.
const STIFF_SENTENCES: &[&str] = &[
    "Anbud skall inkomma senast på sista anbudsdagen.",
    "Erforderliga intyg ska bifogas anbudet.",
    "Leverantören ska tillse att personalen bär synlig id-handling.",
    "Priset får ej överstiga det angivna takpriset.",
    "Frågor angående upphandlingen ställs via upphandlingsverktyget.",
    "Beträffande leveranstider hänvisas till bilaga 3.",
    "Beställaren ska mottaga varorna på angiven adress.",
    "Anbudsgivaren skall framtaga en implementeringsplan.",
    "Dokument som inkommit efter sista anbudsdag beaktas icke.",
    "Leverantören ska iordningställa lokalen före leveransstart.",
    "Med avseende på miljökraven gäller bilaga 4.",
    "Ändringar som erfordras under avtalstiden ska regleras skriftligen.",
    "Samtliga skall-krav ska vara uppfyllda.",
    "Anbudsgivaren ska inkomma med prisuppgifter enligt prisbilagan.",
];

const LAW_REFS: &[&str] = &[
    "19 a kap. 1 § LOU",
    "19 a kap. 2 § LOU",
    "13 kap. 1 § LOU",
    "13 kap. 3 § LOU",
    "4 kap. 1 § LOU",
    "4 kap. 3 § LOU",
    "12 kap. 2 § LOU",
    "14 kap. 1 § LOU",
    "15 kap. 3 § LOU",
    "16 kap. 1 § LOU",
    "17 kap. 2 § LOU",
    "19 kap. 7 § LOU",
    "20 kap. 4 § LOU",
    "21 kap. 1 § LOU",
];

const LAW_SENTENCES: &[&str] = &[
    "Upphandlingen genomförs som ett förenklat förfarande enligt {law}.",
    "Enligt {law} ska anbudsgivare uteslutas om de har dömts för brott.",
    "Beställaren får begära att anbudsgivaren kompletterar sitt anbud enligt {law}.",
    "Tilldelning sker enligt {law} på grundval av det ekonomiskt mest fördelaktiga anbudet.",
    "Kraven på särskilda arbetsrättsliga villkor ställs med stöd av {law}.",
    "Ändringar av kontraktet får göras i den omfattning som {law} medger.",
];

/// Sentences stating the document's estimated value (the same figure each time, as in a real document).
const VALUE_SENTENCES: &[&str] = &[
    "Det uppskattade värdet av upphandlingen är {value} exklusive mervärdesskatt.",
    "Upphandlingens uppskattade värde är {value} under hela avtalsperioden.",
];

const AMOUNT_SENTENCES: &[&str] = &[
    "Vite utgår med {amount} per påbörjad vecka av försening.",
    "Leverantörens ansvarsförsäkring ska omfatta minst {amount} per skada.",
    "Den årliga omsättningen ska uppgå till minst {amount}.",
    "Avrop över {amount} görs genom förnyad konkurrensutsättning.",
];

/// Sentences stating the document's dates; each document has one deadline, one last day for questions
/// and one contract start, written now as ISO dates, now in words.
const DATE_SENTENCES: &[&str] = &[
    "Sista dag för att lämna anbud är {deadline}.",
    "Avtalet gäller från {start} och två år framåt.",
    "Frågor ska ha kommit in senast {questions}.",
    "Beräknad avtalsstart är {start}.",
];

/// What one document states about its tender: the same dates and value wherever they are mentioned.
#[derive(Debug, Clone)]
pub struct Facts {
    /// (year, month, day) of the last day for tenders, the last day for questions, the contract start.
    deadline: (u64, u64, u64),
    questions: (u64, u64, u64),
    start: (u64, u64, u64),
    value: String,
}

impl Facts {
    pub fn draw(rng: &mut Rng) -> Facts {
        let (month, day) = (rng.range(1, 8), rng.range(12, 28));
        Facts {
            deadline: (2027, month, day),
            questions: (2027, month, day - rng.range(5, 10)),
            start: (2027, month + rng.range(2, 4), 1),
            value: format!(
                "{} kronor",
                spaced(rng.log_range(200_000, 90_000_000) / 1000 * 1000)
            ),
        }
    }
}

const MONTHS: &[&str] = &[
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// A Swedish amount in one of the ways tender documents write them.
pub fn amount(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("{},{} mnkr", rng.range(1, 40), rng.range(1, 9)),
        1 => format!(
            "{} kronor",
            spaced(rng.log_range(10_000, 50_000_000) / 1000 * 1000)
        ),
        2 => format!("ca {} mnkr", rng.range(2, 120)),
        3 => format!(
            "{} SEK",
            spaced(rng.log_range(50_000, 5_000_000) / 1000 * 1000)
        ),
        _ => format!(
            "{} kr",
            spaced(rng.log_range(5_000, 20_000_000) / 1000 * 1000)
        ),
    }
}

/// `700000` → `700 000` (a no-break space is not used: real documents mostly type a plain one).
pub fn spaced(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A date as ISO 8601 or in words (`15 mars 2027`).
pub fn date(rng: &mut Rng, (year, month, day): (u64, u64, u64)) -> String {
    if rng.chance(0.5) {
        format!("{year}-{month:02}-{day:02}")
    } else {
        format!("{day} {} {year}", MONTHS[(month - 1) as usize])
    }
}

pub fn law_ref(rng: &mut Rng) -> &'static str {
    LAW_REFS[rng.below(LAW_REFS.len())]
}

/// One sentence of tender prose.
pub fn sentence(rng: &mut Rng, facts: &Facts) -> String {
    let roll = rng.unit();
    if roll < 0.035 {
        return rng.pick(STIFF_SENTENCES).to_string();
    }
    if roll < 0.08 {
        return rng.pick(LAW_SENTENCES).replace("{law}", law_ref(rng));
    }
    if roll < 0.11 {
        let a = amount(rng);
        return rng.pick(AMOUNT_SENTENCES).replace("{amount}", &a);
    }
    if roll < 0.12 {
        return rng.pick(VALUE_SENTENCES).replace("{value}", &facts.value);
    }
    if roll < 0.14 {
        let template = *rng.pick(DATE_SENTENCES);
        let (deadline, questions, start) = (
            date(rng, facts.deadline),
            date(rng, facts.questions),
            date(rng, facts.start),
        );
        return template
            .replace("{deadline}", &deadline)
            .replace("{questions}", &questions)
            .replace("{start}", &start);
    }
    if roll < 0.40 {
        return rng.pick(PLAIN_SENTENCES).to_string();
    }
    requirement_sentence(rng)
}

/// "Leverantören ska … inom 30 dagar från beställning."
pub fn requirement_sentence(rng: &mut Rng) -> String {
    let who = *rng.pick(SUPPLIERS);
    let must = *rng.pick(MUSTS);
    let action = *rng.pick(ACTIONS);
    if rng.chance(0.2) {
        let opener = *rng.pick(OPENERS);
        let who = who.to_lowercase();
        return format!("{opener} {who} {must} {action}.");
    }
    if rng.chance(0.5) {
        let cond = *rng.pick(CONDITIONS);
        format!("{who} {must} {action} {cond}.")
    } else {
        format!("{who} {must} {action}.")
    }
}

/// A paragraph of 2–6 sentences.
pub fn paragraph(rng: &mut Rng, facts: &Facts) -> String {
    let n = rng.range(2, 6);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&sentence(rng, facts));
    }
    out
}

/// Section titles of a tender document, level 1, each with its subsections.
pub const OUTLINE: &[(&str, &[&str])] = &[
    (
        "Inbjudan att lämna anbud",
        &["Bakgrund", "Upphandlingens omfattning", "Avtalsperiod"],
    ),
    (
        "Administrativa föreskrifter",
        &[
            "Upphandlande myndighet",
            "Upphandlingsförfarande",
            "Tidplan",
            "Frågor under anbudstiden",
            "Anbudets form och innehåll",
            "Sekretess",
        ],
    ),
    (
        "Kvalificeringskrav",
        &[
            "Registrering och skatter",
            "Ekonomisk ställning",
            "Teknisk förmåga och kapacitet",
            "Referensuppdrag",
        ],
    ),
    (
        "Kravspecifikation",
        &[
            "Allmänna krav",
            "Leverans",
            "Kvalitet",
            "Miljö",
            "Arbetsrättsliga villkor",
            "Kundtjänst",
        ],
    ),
    (
        "Utvärdering",
        &["Utvärderingsgrund", "Pris", "Kvalitetskriterier"],
    ),
    (
        "Kommersiella villkor",
        &[
            "Priser och prisjustering",
            "Fakturering och betalning",
            "Vite",
            "Uppföljning",
            "Hävning",
        ],
    ),
];

pub const ARTICLES: &[&str] = &[
    "Kopieringspapper A4 80 g",
    "Pärm A4 bred rygg",
    "Kulspetspenna blå",
    "Whiteboardpenna sorterade färger",
    "Häftapparat 30 ark",
    "Kuvert C4 med fönster",
    "Post-it-block 76 x 76 mm",
    "Toalettpapper 2-lagers",
    "Handpapper Z-vikt",
    "Diskmedel miljömärkt",
    "Golvrengöring koncentrat",
    "Engångshandskar nitril M",
    "Konsulttimme senior utvecklare",
    "Konsulttimme projektledare",
    "Transport per mil",
    "Mjölk 1,5 % 1 liter",
    "Potatis fast 10 kg",
    "Kycklingfilé fryst 2,5 kg",
    "Kontorsstol ergonomisk",
    "Skrivbord höj- och sänkbart",
];

pub const UNITS: &[&str] = &["st", "förp", "kartong", "tim", "kg", "liter", "mil"];

pub const PROCEDURES: &[&str] = &[
    "Direktupphandling",
    "Direktupphandling",
    "Förenklat förfarande",
    "Öppet förfarande",
    "Förhandlat förfarande",
    "Avrop från ramavtal",
];

pub const AREAS: &[&str] = &[
    "IT och telefoni",
    "Konsulttjänster",
    "Livsmedel",
    "Fastighet",
    "Transporter",
    "Kontorsmaterial",
    "Vård och omsorg",
    "Bygg och anläggning",
    "Utbildning",
    "Tryck och media",
];

pub const PEOPLE: &[&str] = &[
    "Anna Lindqvist",
    "Erik Johansson",
    "Maria Nilsson",
    "Karin Berg",
    "Lars Öberg",
    "Sofia Åberg",
    "Johan Ek",
];

/// A short cell comment: mostly nothing, now and then a remark (with a stiff word or two).
pub fn cell_comment(rng: &mut Rng) -> Option<String> {
    if !rng.chance(0.2) {
        return None;
    }
    Some(
        match rng.below(6) {
            0 => "Ej aktuellt för delområde 2",
            1 => "Pris per förpackning",
            2 => "Leverans inom 5 arbetsdagar",
            3 => "Miljömärkt alternativ finns",
            4 => "Erforderlig dokumentation bifogas",
            _ => "Se bilaga 3",
        }
        .to_string(),
    )
}
