//! The example profile of `docs/examples` against the sample parking
//! permit of Freiburg: it reads without problems, its generated applicants
//! pass the form, and each pays the flat fee of 200 euros.

mod load_support;

use ozg::engine::CompiledService;
use ozg::load::{Options, Profile, simulate};
use ozg::model::load::{Selection, load_repository};

#[test]
fn the_example_profile_runs_on_the_sample_parking_permit() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
    let loaded = load_repository(std::path::Path::new(root), &Selection::All).unwrap();
    let model = loaded
        .repository
        .service("bewohnerparkausweis")
        .expect("the sample service is there");
    let compiled = CompiledService::compile(&loaded.repository, model).unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/examples/bewohnerparkausweis-load.toml"
    ))
    .unwrap();
    let profile = match Profile::read(&text, model, &compiled) {
        Ok(profile) => profile,
        Err(errors) => panic!("{}", load_support::describe(&text, &errors)),
    };
    let options = Options {
        cases: Some(1000),
        seed: None,
    };
    let report = simulate(&compiled, &profile, options, None, &mut |_| {}).unwrap();
    assert_eq!(report.applications.refused, 0, "{:?}", report.warnings);
    assert_eq!(report.fees.total, "200000.00");
    assert!(report.cases.ended > 900);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}
