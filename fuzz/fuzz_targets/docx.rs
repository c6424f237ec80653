//! The Word reader on arbitrary bytes: any input reads or is refused with a named error, never a panic,
//! an abort, a hang or an allocation past libFuzzer's RSS limit.

#![no_main]

use libfuzzer_sys::fuzz_target;
use upplint::read::{Limits, read_bytes};

fuzz_target!(|data: &[u8]| {
    if let Err(error) = read_bytes("fuzz.docx", data, &Limits::default()) {
        assert!(!error.code().is_empty());
        assert!(!error.to_string().is_empty());
    }
});
