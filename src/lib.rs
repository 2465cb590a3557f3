//! ozg: configuration as code for German e-government services.
//!
//! A service (a parking permit, a dog tax registration, ...) is described in
//! plain TOML files: its form, its legal rules, its fees and its back-office
//! process. This library loads such model repositories, checks them, runs
//! them, explains changes between versions and publishes them to a
//! platform. The `ozg` binary is a thin layer over it.
//!
//! Data flows one way: files are read into a [`source::SourceMap`], loaded
//! into the model, analysed, and the results reported.

pub mod calendar;
pub mod diff;
pub mod engine;
pub mod export;
pub mod feel;
pub mod fim;
pub mod graph;
pub mod lint;
pub mod load;
pub mod model;
pub mod platform;
pub mod publish;
pub mod simulate;
pub mod source;
pub mod suggest;
pub mod testing;
