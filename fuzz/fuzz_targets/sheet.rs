//! The spreadsheet readers on arbitrary bytes: the same bytes as .xlsx (and .xlsb, by its parts), .ods
//! and .xls. Each either reads or is refused with a named error.
//!
//! The sheet reader catches a panic inside calamine as a `corrupt` file; libFuzzer's panic hook aborts
//! first, so such a panic still shows here as a crash (the guards are meant to stop it earlier).

#![no_main]

use libfuzzer_sys::fuzz_target;
use upplint::read::{Limits, read_bytes};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    for name in ["fuzz.xlsx", "fuzz.ods", "fuzz.xls"] {
        if let Err(error) = read_bytes(name, data, &limits) {
            assert!(!error.code().is_empty());
        }
    }
});
