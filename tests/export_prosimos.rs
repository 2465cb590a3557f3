//! `ozg export prosimos`: the files it writes for the parking permit
//! sample, read back as Prosimos reads them (the JSON sections and keys
//! of Prosimos 2.1, every id naming an element of the BPMN), the
//! translation of the profile's figures, the warnings about what Prosimos
//! cannot express, and the command's behaviour on bad input; and a
//! service with a deemed approval and routing by the application's data.

mod bpmn_support;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use bpmn_support::{DEEMED_APPROVAL, ozg, repository, samples};
use roxmltree::Document;
use serde_json::Value;

const BPMN: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const SERVICE: &str = "bewohnerparkausweis";

fn profile() -> PathBuf {
    samples().join("profiles").join("bewohnerparkausweis.toml")
}

/// What one export left behind: its folder, exit code and stderr.
struct Exported {
    dir: tempfile::TempDir,
    code: i32,
    stderr: String,
}

impl Exported {
    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn parameters(&self) -> Value {
        let text = std::fs::read_to_string(self.out().join(format!("{SERVICE}.json"))).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn bpmn(&self) -> String {
        std::fs::read_to_string(self.out().join(format!("{SERVICE}.bpmn"))).unwrap()
    }
}

fn export_with(profile: &Path, extra: &[&str]) -> Exported {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args = vec![
        "export",
        "prosimos",
        SERVICE,
        "--load",
        profile.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, _, stderr) = ozg(&samples(), &args);
    Exported { dir, code, stderr }
}

fn export() -> Exported {
    let exported = export_with(&profile(), &[]);
    assert_eq!(exported.code, 0, "the export failed: {}", exported.stderr);
    exported
}

/// A copy of the sample profile with `from` replaced by `to`.
fn changed_profile(dir: &Path, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(profile()).unwrap();
    assert!(text.contains(from), "the sample profile holds {from:?}");
    let path = dir.join("profile.toml");
    std::fs::write(&path, text.replace(from, to)).unwrap();
    path
}

fn ids_of(doc: &Document, tags: &[&str]) -> HashSet<String> {
    doc.descendants()
        .filter(|n| n.tag_name().namespace() == Some(BPMN) && tags.contains(&n.tag_name().name()))
        .filter_map(|n| n.attribute("id").map(str::to_owned))
        .collect()
}

fn array<'a>(value: &'a Value, key: &str) -> &'a Vec<Value> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is a list"))
}

fn values(distribution: &Value) -> Vec<f64> {
    array(distribution, "distribution_params")
        .iter()
        .map(|p| {
            p["value"]
                .as_f64()
                .expect("a parameter is {\"value\": number}")
        })
        .collect()
}

#[test]
fn writes_the_model_and_the_parameters_named_after_the_service_into_a_new_folder() {
    let exported = export();

    let mut names: Vec<String> = std::fs::read_dir(exported.out())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [format!("{SERVICE}.bpmn"), format!("{SERVICE}.json")]
    );
}

#[test]
fn the_parameters_hold_exactly_the_sections_prosimos_reads() {
    let parameters = export().parameters();

    let mut keys: Vec<&str> = parameters
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "arrival_time_calendar",
            "arrival_time_distribution",
            "event_distribution",
            "gateway_branching_probabilities",
            "resource_calendars",
            "resource_profiles",
            "task_resource_distribution",
        ]
    );
}

#[test]
fn every_distribution_has_a_name_prosimos_knows_and_as_many_parameters_as_it_reads() {
    let parameters = export().parameters();

    let mut distributions = vec![parameters["arrival_time_distribution"].clone()];
    for task in array(&parameters, "task_resource_distribution") {
        distributions.extend(array(task, "resources").iter().cloned());
    }
    distributions.extend(array(&parameters, "event_distribution").iter().cloned());
    for d in &distributions {
        let count = match d["distribution_name"].as_str().unwrap() {
            "fix" => 1,
            "uniform" => 2,
            "expon" => 3,
            "norm" | "lognorm" | "gamma" => 4,
            other => panic!("Prosimos does not know the distribution {other:?}"),
        };
        assert_eq!(values(d).len(), count, "{d}");
    }
}

#[test]
fn every_id_in_the_parameters_names_an_element_of_the_model() {
    let exported = export();
    let parameters = exported.parameters();
    let xml = exported.bpmn();
    let doc = Document::parse(&xml).unwrap();
    let tasks = ids_of(&doc, &["task"]);
    let gateways = ids_of(&doc, &["exclusiveGateway"]);
    let events = ids_of(&doc, &["intermediateCatchEvent"]);

    let named: HashSet<String> = array(&parameters, "task_resource_distribution")
        .iter()
        .map(|t| t["task_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(named, tasks, "every task has its durations, and no more");
    let timed: HashSet<String> = array(&parameters, "event_distribution")
        .iter()
        .map(|e| e["event_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        timed, events,
        "every catch event has its duration, and no more"
    );
    for gateway in array(&parameters, "gateway_branching_probabilities") {
        let id = gateway["gateway_id"].as_str().unwrap();
        assert!(gateways.contains(id), "{id} is an exclusive gateway");
        let leaving: HashSet<&str> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "sequenceFlow")
            .filter(|n| n.attribute("sourceRef") == Some(id))
            .filter_map(|n| n.attribute("id"))
            .collect();
        let paths: HashSet<&str> = array(gateway, "probabilities")
            .iter()
            .map(|p| p["path_id"].as_str().unwrap())
            .collect();
        assert_eq!(paths, leaving, "the paths of {id} are its outgoing flows");
    }
}

#[test]
fn every_resource_and_calendar_a_task_or_pool_names_is_defined() {
    let parameters = export().parameters();

    let calendars: HashSet<&str> = array(&parameters, "resource_calendars")
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let mut resources = HashSet::new();
    for pool in array(&parameters, "resource_profiles") {
        for resource in array(pool, "resource_list") {
            resources.insert(resource["id"].as_str().unwrap());
            assert!(calendars.contains(resource["calendar"].as_str().unwrap()));
        }
    }
    for task in array(&parameters, "task_resource_distribution") {
        for resource in array(task, "resources") {
            assert!(resources.contains(resource["resource_id"].as_str().unwrap()));
        }
    }
}

#[test]
fn the_branch_probabilities_of_the_review_are_its_decisions() {
    let parameters = export().parameters();

    let review = array(&parameters, "gateway_branching_probabilities")
        .iter()
        .find(|g| g["gateway_id"] == "review-route")
        .expect("a gateway after the review");
    let shares: Vec<f64> = array(review, "probabilities")
        .iter()
        .map(|p| p["value"].as_f64().unwrap())
        .collect();
    assert_eq!(shares.len(), 3);
    for (share, expected) in shares.iter().zip([0.8, 0.05, 0.15]) {
        assert!((share - expected).abs() < 1e-9, "{shares:?}");
    }
}

#[test]
fn every_gateways_probabilities_add_up_to_one() {
    let parameters = export().parameters();

    for gateway in array(&parameters, "gateway_branching_probabilities") {
        let sum: f64 = array(gateway, "probabilities")
            .iter()
            .map(|p| p["value"].as_f64().unwrap())
            .sum();
        assert!((sum - 1.0).abs() < 1e-12, "{gateway}");
    }
}

#[test]
fn the_clerks_are_one_pool_with_the_profiles_people_and_working_hours() {
    let parameters = export().parameters();

    let pools = array(&parameters, "resource_profiles");
    assert_eq!(pools.len(), 1);
    let clerk = &array(&pools[0], "resource_list")[0];
    assert_eq!(clerk["amount"], 3);
    assert_eq!(clerk["assignedTasks"], serde_json::json!(["review"]));
    let calendar = &array(&parameters, "resource_calendars")[0];
    let periods: Vec<String> = array(calendar, "time_periods")
        .iter()
        .map(|p| {
            format!(
                "{}-{} {}-{}",
                p["from"].as_str().unwrap(),
                p["to"].as_str().unwrap(),
                p["beginTime"].as_str().unwrap(),
                p["endTime"].as_str().unwrap()
            )
        })
        .collect();
    let mut expected = Vec::new();
    for day in ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] {
        expected.push(format!("{day}-{day} 08:00:00-12:00:00"));
        expected.push(format!("{day}-{day} 13:00:00-16:00:00"));
    }
    assert_eq!(periods, expected);
}

#[test]
fn the_review_takes_the_profiles_lognormal_hours_in_seconds() {
    let parameters = export().parameters();

    let review = &array(&parameters, "task_resource_distribution")[0];
    let duration = &array(review, "resources")[0];
    assert_eq!(duration["distribution_name"], "lognorm");
    let params = values(duration);
    // Mean 0.4 h and standard deviation 0.2 h: Prosimos wants the mean and
    // the variance, in seconds.
    assert!((params[0] - 1440.0).abs() < 1e-6, "{params:?}");
    assert!((params[1] - 720.0 * 720.0).abs() < 1e-3, "{params:?}");
}

#[test]
fn a_triangular_answer_time_becomes_a_gamma_of_the_same_mean_and_variance() {
    let parameters = export().parameters();

    // The sample's payment comes after triangular(1, 4, 28) days.
    let payment = array(&parameters, "event_distribution")
        .iter()
        .find(|e| e["event_id"] == "await_payment")
        .expect("the payment is a timed event");
    assert_eq!(payment["distribution_name"], "gamma");
    let params = values(payment);
    let mean_days = (1.0 + 4.0 + 28.0) / 3.0;
    let variance_days = (1.0 + 16.0 + 784.0 - 4.0 - 28.0 - 112.0) / 18.0;
    assert!(
        (params[0] - mean_days * 86_400.0).abs() < 1e-3,
        "{params:?}"
    );
    assert!(
        (params[1] - variance_days * 86_400.0_f64.powi(2)).abs() < 1.0,
        "{params:?}"
    );
}

#[test]
fn the_applicants_who_never_send_documents_go_to_the_deadline_with_its_length() {
    let parameters = export().parameters();

    let wait = array(&parameters, "gateway_branching_probabilities")
        .iter()
        .find(|g| g["gateway_id"] == "await_documents")
        .expect("a gateway before the answer");
    let never = array(wait, "probabilities")
        .iter()
        .find(|p| p["path_id"].as_str().unwrap().ends_with("-deadline"))
        .expect("a path to the deadline");
    assert!((never["value"].as_f64().unwrap() - 0.15).abs() < 1e-9);
    let deadline = array(&parameters, "event_distribution")
        .iter()
        .find(|e| e["event_id"] == "await_documents-deadline")
        .expect("the deadline is a timed event");
    assert_eq!(deadline["distribution_name"], "fix");
    assert_eq!(values(deadline), [28.0 * 86_400.0]);
}

#[test]
fn the_arrivals_come_on_working_days_within_the_profiles_hours() {
    let parameters = export().parameters();

    let days: Vec<&str> = array(&parameters, "arrival_time_calendar")
        .iter()
        .map(|p| {
            assert_eq!(p["beginTime"], "06:00:00");
            assert_eq!(p["endTime"], "22:00:00");
            p["from"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        days,
        ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]
    );
    assert_eq!(
        parameters["arrival_time_distribution"]["distribution_name"],
        "expon"
    );
}

#[test]
fn the_model_has_one_start_one_end_and_the_review_as_a_plain_task() {
    let exported = export();
    let xml = exported.bpmn();
    let doc = Document::parse(&xml).unwrap();

    assert_eq!(ids_of(&doc, &["startEvent"]).len(), 1);
    assert_eq!(ids_of(&doc, &["endEvent"]).len(), 1);
    assert_eq!(
        ids_of(&doc, &["task"]),
        HashSet::from(["review".to_owned()])
    );
    assert!(ids_of(&doc, &["userTask", "receiveTask", "boundaryEvent"]).is_empty());
}

#[test]
fn warns_that_public_holidays_do_not_reach_prosimos() {
    let exported = export();

    assert!(
        exported
            .stderr
            .contains("warning: public holidays of BW: Prosimos calendars repeat every week"),
        "{}",
        exported.stderr
    );
}

#[test]
fn warns_that_escalations_are_not_counted() {
    let exported = export();

    assert!(
        exported
            .stderr
            .contains("warning: deadline overall_processing: escalates only"),
        "{}",
        exported.stderr
    );
}

#[test]
fn warns_that_applicants_who_never_pay_are_left_out() {
    let exported = export();

    assert!(
        exported.stderr.contains(
            "warning: wait await_payment: the 2% of applicants who never answer are left out"
        ),
        "{}",
        exported.stderr
    );
}

#[test]
fn quiet_prints_no_warnings() {
    let exported = export_with(&profile(), &["-q"]);

    assert_eq!(exported.code, 0);
    assert_eq!(exported.stderr, "");
}

#[test]
fn prints_the_prosimos_command_with_the_profiles_cases_and_start() {
    let exported = export();

    assert!(
        exported
            .stderr
            .contains("--total_cases 20000 --starting_at 2024-01-08T00:00:00+01:00"),
        "{}",
        exported.stderr
    );
}

#[test]
fn a_missing_profile_is_an_error_that_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let exported = export_with(&dir.path().join("nowhere.toml"), &[]);

    assert_eq!(exported.code, 2);
    assert!(
        exported.stderr.contains("cannot read the profile")
            && exported.stderr.contains("nowhere.toml"),
        "{}",
        exported.stderr
    );
    assert!(!exported.out().exists());
}

#[test]
fn a_mistake_in_the_profile_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = changed_profile(dir.path(), "per_day = 40", "per_day = \"many\"");
    let exported = export_with(&path, &[]);

    assert_eq!(exported.code, 2);
    assert!(
        exported
            .stderr
            .contains("profile.toml:18:11: `per_day` must be a number"),
        "{}",
        exported.stderr
    );
    assert!(!exported.stderr.contains("panicked"));
}

#[test]
fn an_unknown_service_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = ozg(
        &samples(),
        &[
            "export",
            "prosimos",
            "nosuch",
            "--load",
            profile().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );

    assert_eq!(code, 2);
    assert!(
        stderr.contains("there is no service \"nosuch\""),
        "{stderr}"
    );
}

#[test]
fn an_output_folder_that_is_a_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out");
    std::fs::write(&file, "").unwrap();
    let (code, _, stderr) = ozg(
        &samples(),
        &[
            "export",
            "prosimos",
            SERVICE,
            "--load",
            profile().to_str().unwrap(),
            "--out",
            file.to_str().unwrap(),
        ],
    );

    assert_eq!(code, 2);
    assert!(stderr.contains("error: cannot write"), "{stderr}");
}

/// A workload profile for the test service with a deemed approval;
/// `wait` is the body of its `[wait.await_answer]` table.
fn building_profile(wait: &str) -> String {
    format!(
        "[profile]\nservice = \"baugenehmigung\"\n\n[run]\ncases = 400\nseed = 3\n\n\
         [arrivals]\nstart = 2024-01-08\nper_day = 5\nhours = \"08:00-16:00\"\n\n\
         [input]\nurgent = true\n\n\
         [task.check]\nhours = 1\ndecisions = {{ complete = 0.7, incomplete = 0.3 }}\n\n\
         [wait.await_answer]\n{wait}\n\n\
         [staff.clerk]\npeople = 2\nhours = \"08:00-16:00\"\n\
         days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\n"
    )
}

const ANSWERS: &str = "days = { distribution = \"exponential\", mean = 5 }\n\
                       events = { answer_received = 0.75, withdrawn_by_applicant = 0.25 }";

/// Exports the test service with a profile: exit code, stderr, and the
/// parameters when they were written.
fn export_building(profile: &str) -> (i32, String, Option<Value>) {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path(), &[("baugenehmigung", DEEMED_APPROVAL)]);
    std::fs::write(dir.path().join("profile.toml"), profile).unwrap();
    let (code, _, stderr) = ozg(
        dir.path(),
        &[
            "export",
            "prosimos",
            "baugenehmigung",
            "--load",
            "profile.toml",
            "--out",
            "out",
        ],
    );
    let parameters = std::fs::read_to_string(dir.path().join("out/baugenehmigung.json"))
        .ok()
        .map(|text| serde_json::from_str(&text).unwrap());
    (code, stderr, parameters)
}

#[test]
fn warns_that_a_deemed_approval_is_left_out() {
    let (code, stderr, _) = export_building(&building_profile(ANSWERS));

    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: deadline decision_deadline (deemed approval, moves the case to deemed) is left out"),
        "{stderr}"
    );
}

#[test]
fn routing_by_the_applications_data_gets_the_shares_an_ozg_simulation_measured() {
    let (code, stderr, parameters) = export_building(&building_profile(ANSWERS));

    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "warning: routing after await_answer depends on the application's data; the branch \
             shares are those the ozg simulation measured on 400 generated applications"
        ),
        "{stderr}"
    );
    let parameters = parameters.unwrap();
    let gateway = array(&parameters, "gateway_branching_probabilities")
        .iter()
        .find(|g| g["gateway_id"] == "await_answer-route")
        .expect("a gateway after the answer");
    let to_check = array(gateway, "probabilities")
        .iter()
        .find(|p| p["path_id"].as_str().unwrap().contains("check"))
        .expect("a path back to the check");
    // Three answers in four lead back to the check; the measured share
    // scatters around that.
    let share = to_check["value"].as_f64().unwrap();
    assert!((0.6..0.9).contains(&share), "{share}");
}

#[test]
fn a_wait_nobody_answers_and_no_deadline_ends_is_refused() {
    let (code, stderr, parameters) = export_building(&building_profile(
        "never = 1\nevents = { answer_received = 0.75, withdrawn_by_applicant = 0.25 }",
    ));

    assert_eq!(code, 2);
    assert!(
        stderr.contains("nobody ever answers the wait \"await_answer\""),
        "{stderr}"
    );
    assert!(parameters.is_none());
}

#[test]
fn the_model_names_the_prosimos_version_it_is_written_for() {
    let exported = export();
    let xml = exported.bpmn();
    let doc = Document::parse(&xml).unwrap();

    let process = doc
        .descendants()
        .find(|n| n.tag_name().namespace() == Some(BPMN) && n.tag_name().name() == "process")
        .expect("a process");
    let documentation = process
        .children()
        .find(|n| n.tag_name().name() == "documentation")
        .and_then(|n| n.text())
        .expect("the process is documented");
    assert!(
        documentation.contains(&format!(
            "for Prosimos {}",
            ozg::export::prosimos::PROSIMOS_VERSION
        )),
        "{documentation}"
    );
    assert!(
        documentation.contains("for Prosimos 2.1.0"),
        "{documentation}"
    );
}
