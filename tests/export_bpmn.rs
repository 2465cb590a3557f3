//! `ozg export bpmn`: the structure of the exported BPMN, read back with
//! roxmltree, for every sample service and a service with a deemed
//! approval; and the command's behaviour on bad input.

mod bpmn_support;

use std::collections::{HashMap, HashSet};

use bpmn_support::{all_exports, export_sample, ozg, repository, sample_services, samples};
use roxmltree::{Document, Node};

const BPMN: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const BPMNDI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
const ZEEBE: &str = "http://camunda.org/schema/zeebe/1.0";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// Flow node tags: everything in a process that a sequence flow may
/// connect, and that must be drawn.
const FLOW_NODES: &[&str] = &[
    "startEvent",
    "endEvent",
    "intermediateCatchEvent",
    "boundaryEvent",
    "userTask",
    "task",
    "receiveTask",
    "exclusiveGateway",
    "parallelGateway",
    "eventBasedGateway",
    "subProcess",
];

fn bpmn<'a>(doc: &'a Document, tag: &str) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.tag_name().namespace() == Some(BPMN) && n.tag_name().name() == tag)
        .collect()
}

fn flow_nodes<'a>(doc: &'a Document) -> Vec<Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| {
            n.tag_name().namespace() == Some(BPMN) && FLOW_NODES.contains(&n.tag_name().name())
        })
        .collect()
}

fn by_id<'a>(doc: &'a Document, id: &str) -> Node<'a, 'a> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element {id}"))
}

fn step_ids(service: &str) -> Vec<String> {
    let path = samples()
        .join("services")
        .join(service)
        .join("service.toml");
    let text = std::fs::read_to_string(path).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    value["step"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_step_of_every_sample_is_an_element_with_its_own_id() {
    for service in sample_services() {
        let xml = export_sample(&service);
        let doc = Document::parse(&xml).unwrap();
        let ids: HashSet<&str> = flow_nodes(&doc)
            .iter()
            .filter_map(|n| n.attribute("id"))
            .collect();
        for step in step_ids(&service) {
            assert!(
                ids.contains(step.as_str()),
                "{service}: step {step} is missing"
            );
        }
    }
}

#[test]
fn the_process_is_executable_and_named_after_the_service() {
    for service in sample_services() {
        let xml = export_sample(&service);
        let doc = Document::parse(&xml).unwrap();
        let process = bpmn(&doc, "process");
        assert_eq!(process.len(), 1, "{service}");
        assert_eq!(process[0].attribute("id"), Some(service.as_str()));
        assert_eq!(process[0].attribute("isExecutable"), Some("true"));
    }
}

#[test]
fn the_process_documents_the_services_metadata() {
    let xml = export_sample("gewerbeanmeldung");
    let doc = Document::parse(&xml).unwrap();
    let process = bpmn(&doc, "process")[0];
    let text = process
        .children()
        .find(|n| n.has_tag_name((BPMN, "documentation")))
        .and_then(|n| n.text())
        .unwrap();
    for expected in [
        "Gewerbe anmelden, ummelden oder abmelden",
        "Stadt Lindenau am Neckar, Ordnungsamt",
        "§ 14 GewO",
        "Valid from 2024-01-01",
        "LeiKa: 99050012104000",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from {text}");
    }
}

#[test]
fn every_sequence_flow_connects_nodes_of_its_own_container() {
    for (name, xml) in all_exports() {
        let doc = Document::parse(&xml).unwrap();
        for flow in bpmn(&doc, "sequenceFlow") {
            let container = flow.parent().unwrap();
            for end in ["sourceRef", "targetRef"] {
                let id = flow.attribute(end).unwrap();
                let node = by_id(&doc, id);
                assert!(
                    FLOW_NODES.contains(&node.tag_name().name()),
                    "{name}: {end} {id} is no flow node"
                );
                assert_eq!(
                    node.parent(),
                    Some(container),
                    "{name}: flow {:?} leaves its container",
                    flow.attribute("id")
                );
            }
        }
    }
}

#[test]
fn every_node_has_a_shape_and_every_flow_an_edge() {
    for (name, xml) in all_exports() {
        let doc = Document::parse(&xml).unwrap();
        let drawn: HashMap<&str, &str> = doc
            .descendants()
            .filter(|n| n.tag_name().namespace() == Some(BPMNDI))
            .filter_map(|n| Some((n.attribute("bpmnElement")?, n.tag_name().name())))
            .collect();
        for node in flow_nodes(&doc) {
            let id = node.attribute("id").unwrap();
            assert_eq!(
                drawn.get(id),
                Some(&"BPMNShape"),
                "{name}: {id} has no shape"
            );
        }
        for flow in bpmn(&doc, "sequenceFlow") {
            let id = flow.attribute("id").unwrap();
            assert_eq!(drawn.get(id), Some(&"BPMNEdge"), "{name}: {id} has no edge");
        }
    }
}

#[test]
fn every_edge_starts_and_ends_at_its_shapes_with_right_angles() {
    for (name, xml) in all_exports() {
        let doc = Document::parse(&xml).unwrap();
        let bounds: HashMap<&str, (f64, f64, f64, f64)> = doc
            .descendants()
            .filter(|n| n.has_tag_name((BPMNDI, "BPMNShape")))
            .map(|s| {
                let b = s
                    .children()
                    .find(|c| c.tag_name().name() == "Bounds")
                    .unwrap();
                let v = |k| b.attribute(k).unwrap().parse::<f64>().unwrap();
                (
                    s.attribute("bpmnElement").unwrap(),
                    (v("x"), v("y"), v("width"), v("height")),
                )
            })
            .collect();
        let touches = |id: &str, (x, y): (f64, f64)| {
            let (bx, by, bw, bh) = bounds[id];
            x >= bx - 1.0 && x <= bx + bw + 1.0 && y >= by - 1.0 && y <= by + bh + 1.0
        };
        for edge in doc
            .descendants()
            .filter(|n| n.has_tag_name((BPMNDI, "BPMNEdge")))
        {
            let flow = by_id(&doc, edge.attribute("bpmnElement").unwrap());
            let points: Vec<(f64, f64)> = edge
                .children()
                .filter(|c| c.tag_name().name() == "waypoint")
                .map(|p| {
                    let v = |k| p.attribute(k).unwrap().parse::<f64>().unwrap();
                    (v("x"), v("y"))
                })
                .collect();
            assert!(points.len() >= 2, "{name}: {:?}", flow.attribute("id"));
            assert!(
                touches(flow.attribute("sourceRef").unwrap(), points[0]),
                "{name}"
            );
            assert!(
                touches(
                    flow.attribute("targetRef").unwrap(),
                    points[points.len() - 1]
                ),
                "{name}: {:?} does not reach its target",
                flow.attribute("id")
            );
            for pair in points.windows(2) {
                let straight =
                    (pair[0].0 - pair[1].0).abs() < 0.01 || (pair[0].1 - pair[1].1).abs() < 0.01;
                assert!(
                    straight,
                    "{name}: {:?} has a slanted segment",
                    flow.attribute("id")
                );
            }
        }
    }
}

#[test]
fn events_and_gateways_have_their_labels_below_them() {
    let xml = export_sample("bewohnerparkausweis");
    let doc = Document::parse(&xml).unwrap();
    let shape = doc
        .descendants()
        .find(|n| n.attribute("bpmnElement") == Some("review-route"))
        .unwrap();
    let numbers = |n: Node| {
        let v = |k| n.attribute(k).unwrap().parse::<f64>().unwrap();
        (v("x"), v("y"), v("width"), v("height"))
    };
    let bounds = shape
        .children()
        .find(|c| c.tag_name().name() == "Bounds")
        .unwrap();
    let label = shape
        .children()
        .find(|c| c.tag_name().name() == "BPMNLabel")
        .and_then(|l| l.children().find(|c| c.tag_name().name() == "Bounds"))
        .unwrap();
    let (_, y, _, h) = numbers(bounds);
    let (_, ly, _, _) = numbers(label);
    assert!(ly >= y + h, "the label is not below the gateway");
}

#[test]
fn every_condition_is_feel_marked_with_an_equals_sign() {
    let mut seen = 0;
    for (name, xml) in all_exports() {
        let doc = Document::parse(&xml).unwrap();
        for condition in bpmn(&doc, "conditionExpression") {
            seen += 1;
            assert_eq!(
                condition.attribute((XSI, "type")),
                Some("bpmn:tFormalExpression"),
                "{name}"
            );
            let text = condition.text().unwrap_or("");
            assert!(text.starts_with('='), "{name}: {text:?}");
        }
    }
    assert!(seen > 10, "only {seen} conditions were found");
}

#[test]
fn guards_become_conditions_in_the_order_of_the_transitions() {
    let xml = export_sample("personalausweis");
    let doc = Document::parse(&xml).unwrap();
    let gateway = by_id(&doc, "identity_check-route");
    let conditions: Vec<String> = gateway
        .children()
        .filter(|c| c.has_tag_name((BPMN, "outgoing")))
        .map(|o| {
            let flow = by_id(&doc, o.text().unwrap());
            flow.children()
                .find(|c| c.has_tag_name((BPMN, "conditionExpression")))
                .and_then(|c| c.text())
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        conditions,
        [
            "=decision = \"identity_confirmed\" and (card_kind = \"provisional\" or \
             provisional_too = true)",
            "=decision = \"identity_confirmed\"",
            "=decision = \"identity_not_confirmed\"",
        ]
    );
}

#[test]
fn the_default_transition_becomes_the_gateways_default_flow() {
    let xml = export_sample("gewerbeanmeldung");
    let doc = Document::parse(&xml).unwrap();
    let gateway = by_id(&doc, "route_chamber");
    assert_eq!(gateway.tag_name().name(), "exclusiveGateway");
    let default = by_id(&doc, gateway.attribute("default").expect("a default flow"));
    assert_eq!(default.attribute("sourceRef"), Some("route_chamber"));
    assert_eq!(default.attribute("targetRef"), Some("notify_ihk"));
    assert!(
        !default
            .children()
            .any(|c| c.has_tag_name((BPMN, "conditionExpression"))),
        "the default flow carries a condition"
    );
}

#[test]
fn tasks_are_camunda_user_tasks_with_the_role_as_candidate_group() {
    let xml = export_sample("bewohnerparkausweis");
    let doc = Document::parse(&xml).unwrap();
    let review = by_id(&doc, "review");
    assert_eq!(review.tag_name().name(), "userTask");
    assert!(
        review
            .descendants()
            .any(|n| n.has_tag_name((ZEEBE, "userTask")))
    );
    let assignment = review
        .descendants()
        .find(|n| n.has_tag_name((ZEEBE, "assignmentDefinition")))
        .unwrap();
    assert_eq!(assignment.attribute("candidateGroups"), Some("clerk"));
}

#[test]
fn a_working_day_deadline_runs_a_calendar_timer_that_is_never_shorter() {
    let xml = export_sample("bewohnerparkausweis");
    let doc = Document::parse(&xml).unwrap();
    let boundary = by_id(&doc, "review-deadline");
    assert_eq!(boundary.attribute("attachedToRef"), Some("review"));
    let duration = boundary
        .descendants()
        .find(|n| n.has_tag_name((BPMN, "timeDuration")))
        .and_then(|n| n.text());
    // Ten working days are two weeks.
    assert_eq!(duration, Some("P14D"));
    let doc_text = boundary
        .children()
        .find(|n| n.has_tag_name((BPMN, "documentation")))
        .and_then(|n| n.text())
        .unwrap();
    assert!(doc_text.contains("P10D working days"), "{doc_text}");
    assert!(
        doc_text.contains("Dienstanweisung Bewohnerparken"),
        "{doc_text}"
    );
}

#[test]
fn three_working_days_may_span_a_weekend() {
    let xml = export_sample("fuehrungszeugnis");
    let doc = Document::parse(&xml).unwrap();
    let duration = by_id(&doc, "identity_check-deadline")
        .descendants()
        .find(|n| n.has_tag_name((BPMN, "timeDuration")))
        .and_then(|n| n.text());
    assert_eq!(duration, Some("P5D"));
}

#[test]
fn an_escalating_deadline_does_not_interrupt_and_alerts_the_role() {
    let xml = export_sample("bewohnerparkausweis");
    let doc = Document::parse(&xml).unwrap();
    let boundary = by_id(&doc, "review-deadline");
    assert_eq!(boundary.attribute("cancelActivity"), Some("false"));
    let flow = bpmn(&doc, "sequenceFlow")
        .into_iter()
        .find(|f| f.attribute("sourceRef") == Some("review-deadline"))
        .unwrap();
    let alert = by_id(&doc, flow.attribute("targetRef").unwrap());
    assert_eq!(alert.tag_name().name(), "userTask");
    let group = alert
        .descendants()
        .find(|n| n.has_tag_name((ZEEBE, "assignmentDefinition")))
        .and_then(|n| n.attribute("candidateGroups"));
    assert_eq!(group, Some("head_of_unit"));
}

#[test]
fn a_deadline_that_moves_the_case_interrupts() {
    let xml = export_sample("gewerbeanmeldung");
    let doc = Document::parse(&xml).unwrap();
    let boundary = by_id(&doc, "await_correction-deadline");
    assert_eq!(boundary.attribute("cancelActivity"), None);
    let flow = bpmn(&doc, "sequenceFlow")
        .into_iter()
        .find(|f| f.attribute("sourceRef") == Some("await_correction-deadline"))
        .unwrap();
    assert_eq!(flow.attribute("targetRef"), Some("confirm_receipt-merge"));
}

#[test]
fn a_wait_for_several_events_is_an_event_based_gateway_with_the_deadline_as_timer() {
    let xml = export_sample("bewohnerparkausweis");
    let doc = Document::parse(&xml).unwrap();
    let gateway = by_id(&doc, "await_documents");
    assert_eq!(gateway.tag_name().name(), "eventBasedGateway");
    let targets: Vec<&str> = bpmn(&doc, "sequenceFlow")
        .into_iter()
        .filter(|f| f.attribute("sourceRef") == Some("await_documents"))
        .map(|f| {
            by_id(&doc, f.attribute("targetRef").unwrap())
                .tag_name()
                .name()
        })
        .collect();
    assert_eq!(targets, ["intermediateCatchEvent"; 3]);
    let timer = by_id(&doc, "await_documents-deadline");
    assert!(
        timer
            .descendants()
            .any(|n| n.has_tag_name((BPMN, "timerEventDefinition")))
    );
}

#[test]
fn messages_are_correlated_by_the_case_id() {
    let xml = export_sample("bewohnerparkausweis");
    let doc = Document::parse(&xml).unwrap();
    let messages = bpmn(&doc, "message");
    let names: HashSet<&str> = messages
        .iter()
        .filter_map(|m| m.attribute("name"))
        .collect();
    assert_eq!(
        names,
        HashSet::from([
            "documents_received",
            "application_withdrawn",
            "payment_received"
        ])
    );
    for message in messages {
        let key = message
            .descendants()
            .find(|n| n.has_tag_name((ZEEBE, "subscription")))
            .and_then(|n| n.attribute("correlationKey"));
        assert_eq!(key, Some("=case_id"));
    }
}

#[test]
fn a_join_waits_for_one_flow_per_parallel_branch() {
    let xml = export_sample("gewerbeanmeldung");
    let doc = Document::parse(&xml).unwrap();
    let join = by_id(&doc, "forwarding_done");
    assert_eq!(join.tag_name().name(), "parallelGateway");
    let incoming = join
        .children()
        .filter(|c| c.has_tag_name((BPMN, "incoming")))
        .count();
    // Tax office, chamber (one of two, merged first), statistics office.
    assert_eq!(incoming, 3);
}

#[test]
fn an_element_entered_from_several_places_has_a_merging_gateway_before_it() {
    for (name, xml) in all_exports() {
        let doc = Document::parse(&xml).unwrap();
        for node in flow_nodes(&doc) {
            let tag = node.tag_name().name();
            if tag.ends_with("Gateway") {
                continue;
            }
            let incoming = bpmn(&doc, "sequenceFlow")
                .iter()
                .filter(|f| f.attribute("targetRef") == node.attribute("id"))
                .count();
            assert!(
                incoming <= 1,
                "{name}: {:?} has {incoming} incoming flows",
                node.attribute("id")
            );
        }
    }
}

#[test]
fn a_deemed_approval_after_a_case_deadline_is_an_interrupting_event_sub_process() {
    let xml = bpmn_support::export_deemed_approval();
    let doc = Document::parse(&xml).unwrap();
    let sub = bpmn(&doc, "subProcess")
        .into_iter()
        .find(|s| s.attribute("triggeredByEvent") == Some("true"))
        .expect("an event sub-process");
    let start = sub
        .children()
        .find(|c| c.has_tag_name((BPMN, "startEvent")))
        .unwrap();
    assert_eq!(start.attribute("isInterrupting"), None);
    let duration = start
        .descendants()
        .find(|n| n.has_tag_name((BPMN, "timeDuration")))
        .and_then(|n| n.text());
    assert_eq!(duration, Some("P1M"));
    let end = sub
        .children()
        .find(|c| c.has_tag_name((BPMN, "endEvent")))
        .unwrap();
    assert_eq!(end.attribute("id"), Some("decision_deadline.deemed"));
    assert_eq!(
        end.attribute("name"),
        Some("Als genehmigt geltend (deemed_approved)")
    );
}

#[test]
fn guards_that_read_more_than_the_event_get_the_event_as_a_variable() {
    let xml = bpmn_support::export_deemed_approval();
    let doc = Document::parse(&xml).unwrap();
    let catch = by_id(&doc, "await_answer-event-answer_received");
    let output = catch
        .descendants()
        .find(|n| n.has_tag_name((ZEEBE, "output")))
        .unwrap();
    assert_eq!(output.attribute("source"), Some("=\"answer_received\""));
    assert_eq!(output.attribute("target"), Some("event"));
}

#[test]
fn the_export_is_the_same_every_time() {
    let first = export_sample("personalausweis");
    let second = export_sample("personalausweis");
    assert_eq!(first, second);
}

#[test]
fn out_writes_the_file_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hundesteuer.bpmn");
    let out_arg = out.to_string_lossy().into_owned();
    let (code, stdout, stderr) = ozg(
        &samples(),
        &["export", "bpmn", "hundesteuer", "--out", &out_arg],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("hundesteuer.bpmn"), "{stderr}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, export_sample("hundesteuer"));
}

#[test]
fn a_service_file_path_is_accepted_instead_of_an_id() {
    let (code, xml, stderr) = ozg(
        &samples(),
        &["export", "bpmn", "services/hundesteuer/service.toml"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(xml, export_sample("hundesteuer"));
}

#[test]
fn a_service_with_lint_errors_is_refused_with_its_errors_listed() {
    let dir = tempfile::tempdir().unwrap();
    let broken = bpmn_support::DEEMED_APPROVAL.replace("to = \"granted\"", "to = \"grantd\"");
    repository(dir.path(), &[("baugenehmigung", &broken)]);
    let (code, stdout, stderr) = ozg(dir.path(), &["export", "bpmn", "baugenehmigung"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("service.toml:"), "{stderr}");
    assert!(stderr.contains("grantd"), "{stderr}");
    assert!(stderr.contains("was not exported"), "{stderr}");
}

#[test]
fn an_unknown_service_is_an_error_with_exit_code_2() {
    let (code, stdout, stderr) = ozg(&samples(), &["export", "bpmn", "no_such_service"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("no_such_service"), "{stderr}");
}
