//! The sources of people for kith. Today that is the built-in sample network ([`sample`]), which
//! `kith demo` loads and the benchmarks scale up; the importers of export formats (vCard,
//! LinkedIn, Facebook, Telegram, …) come later as one module per format. Every source turns its
//! input into [`kith_core::NewPerson`] records and hands them on: none of them ever touches the
//! database.

#![deny(missing_docs)]

pub mod sample;
