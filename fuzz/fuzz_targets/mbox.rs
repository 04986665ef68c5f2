//! Fuzzes the mbox reader.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::read(kith_import::Format::Mbox, data));
