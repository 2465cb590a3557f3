//! The checks a bundle must pass before it may be published: `ozg lint`
//! finds no error (warnings are allowed) and every scenario of `ozg test`
//! passes.
//!
//! Both run on the bytes that will be sent ([`Bundle`]), not on a second
//! reading of the disk, so a file changed in between cannot slip through
//! unchecked. Linting and the scenarios run side by side.

use std::collections::HashMap;
use std::time::Duration;

use crate::lint::{LintError, Report, Severity, lint_loaded};
use crate::model::Repository;
use crate::source::FileId;
use crate::testing::{ScenarioResult, Verdict, run_repository};

use crate::publish::bundle::Bundle;

/// What the checks found.
#[derive(Debug)]
pub struct Checks {
    pub lint: Report,
    /// The repository the scenarios ran on; also where titles and
    /// validity dates are read for the plan.
    repository: Repository,
    /// Each scenario's verdict, by the scenario's file.
    verdicts: Vec<(FileId, Verdict, Duration)>,
}

impl Checks {
    /// Lints the bundle and runs its scenarios.
    pub fn run(bundle: &Bundle) -> Result<Checks, LintError> {
        let loaded = bundle.load();
        let (lint, verdicts) = rayon::join(
            || lint_loaded(&loaded),
            || {
                run_repository(&loaded.repository, None)
                    .into_iter()
                    .map(|r| (r.scenario.file, r.verdict, r.duration))
                    .collect()
            },
        );
        Ok(Checks {
            lint: Report {
                repositories: vec![lint?],
            },
            repository: loaded.repository,
            verdicts,
        })
    }

    pub fn lint_errors(&self) -> usize {
        self.lint.count(Severity::Error)
    }

    pub fn lint_warnings(&self) -> usize {
        self.lint.count(Severity::Warning)
    }

    /// The loaded repository: services with their titles and dates.
    pub fn repository(&self) -> &Repository {
        &self.repository
    }

    /// Every scenario's result, ordered by service and name.
    pub fn scenario_results(&self) -> Vec<ScenarioResult<'_>> {
        let by_file: HashMap<FileId, _> = self
            .repository
            .scenarios
            .iter()
            .map(|s| (s.file, s))
            .collect();
        let mut results: Vec<ScenarioResult<'_>> = self
            .verdicts
            .iter()
            .filter_map(|(file, verdict, duration)| {
                Some(ScenarioResult {
                    scenario: by_file.get(file)?,
                    verdict: verdict.clone(),
                    duration: *duration,
                })
            })
            .collect();
        results.sort_by(|a, b| {
            (&a.scenario.service, &a.scenario.name).cmp(&(&b.scenario.service, &b.scenario.name))
        });
        results
    }

    pub fn scenarios_failed(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|(_, v, _)| !matches!(v, Verdict::Passed))
            .count()
    }

    pub fn scenarios(&self) -> usize {
        self.verdicts.len()
    }

    /// Whether publishing must be refused.
    pub fn refuse(&self) -> bool {
        self.lint_errors() > 0 || self.scenarios_failed() > 0
    }
}
