//! Feeds arbitrary bytes to the model loader as a service file, a code list
//! and a scenario of a repository, runs every lint rule over the result and
//! renders the findings, and asserts what must hold for any input: no
//! panic, and every finding placed inside its file on character boundaries.
//! When the service compiles, one application is also run through the
//! engine, so that what lint accepts cannot crash execution either.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ozg::lint::lint_loaded;
use ozg::model::load::load_from_memory;

const CONFIG: &[u8] = b"[project]\nname = \"fuzz\"\nformat = 1\nstate = \"BW\"\n";

fuzz_target!(|data: &[u8]| {
    let files = vec![
        ("ozg.toml".to_owned(), CONFIG.to_vec()),
        ("services/fuzz/service.toml".to_owned(), data.to_vec()),
        ("codelists/fuzz.toml".to_owned(), data.to_vec()),
        ("services/fuzz/scenarios/case.toml".to_owned(), data.to_vec()),
    ];
    let loaded = load_from_memory(files.clone());
    let Ok(report) = lint_loaded(&loaded) else { return };
    for diagnostic in &report.diagnostics {
        let file = report.sources.get(diagnostic.file);
        let span = diagnostic.span;
        assert!(span.start <= span.end, "{diagnostic:?}");
        assert!(span.end as usize <= file.text.len(), "{diagnostic:?}");
        assert!(file.text.is_char_boundary(span.start as usize), "{diagnostic:?}");
        assert!(file.text.is_char_boundary(span.end as usize), "{diagnostic:?}");
        let _ = file.line_col(span.start);
        assert!(!diagnostic.message.is_empty());
    }

    let loaded = load_from_memory(files);
    let repository = &loaded.repository;
    if let Some(service) = repository.services.first()
        && let Ok(compiled) = ozg::engine::CompiledService::compile(repository, service)
    {
        for scenario in &repository.scenarios {
            let _ = ozg::testing::run_scenario(&compiled, scenario);
        }
    }
});
