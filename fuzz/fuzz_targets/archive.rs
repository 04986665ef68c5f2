//! Fuzzes the reading of `.zip` archives: listing, limits, and the entries' formats.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kith_fuzz::read_archive(data));
