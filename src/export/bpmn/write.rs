//! The BPMN 2.0 XML document, written with quick-xml in a fixed order so
//! that the same service always gives the same bytes.

use std::io;

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::CAMUNDA_VERSION;
use super::build::{CORRELATION_KEY, Container, Definitions, Flow, Node, NodeKind};
use super::diagram::{Bounds, Diagram};

const BPMN: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const BPMNDI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
const DC: &str = "http://www.omg.org/spec/DD/20100524/DC";
const DI: &str = "http://www.omg.org/spec/DD/20100524/DI";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const ZEEBE: &str = "http://camunda.org/schema/zeebe/1.0";
const MODELER: &str = "http://camunda.org/schema/modeler/1.0";

type W = Writer<Vec<u8>>;

pub(super) fn document(definitions: &Definitions, diagram: &Diagram) -> io::Result<String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let process_id = definitions.process_id.as_str();
    w.create_element("bpmn:definitions")
        .with_attributes([
            ("xmlns:bpmn", BPMN),
            ("xmlns:bpmndi", BPMNDI),
            ("xmlns:dc", DC),
            ("xmlns:di", DI),
            ("xmlns:xsi", XSI),
            ("xmlns:zeebe", ZEEBE),
            ("xmlns:modeler", MODELER),
            ("id", &format!("{process_id}-definitions")),
            ("targetNamespace", &format!("urn:ozg:service:{process_id}")),
            ("exporter", "ozg"),
            ("exporterVersion", env!("CARGO_PKG_VERSION")),
            ("modeler:executionPlatform", "Camunda Cloud"),
            ("modeler:executionPlatformVersion", CAMUNDA_VERSION),
        ])
        .write_inner_content(|w| {
            w.create_element("bpmn:process")
                .with_attributes([
                    ("id", process_id),
                    ("name", &one_line(&definitions.process_name)),
                    ("isExecutable", "true"),
                ])
                .write_inner_content(|w| {
                    documentation(w, Some(&definitions.documentation))?;
                    container(w, &definitions.body)
                })?;
            for message in &definitions.messages {
                w.create_element("bpmn:message")
                    .with_attributes([("id", message.id.as_str()), ("name", &message.name)])
                    .write_inner_content(|w| {
                        w.create_element("bpmn:extensionElements")
                            .write_inner_content(|w| {
                                w.create_element("zeebe:subscription")
                                    .with_attribute(("correlationKey", CORRELATION_KEY))
                                    .write_empty()?;
                                Ok(())
                            })?;
                        Ok(())
                    })?;
            }
            for escalation in &definitions.escalations {
                w.create_element("bpmn:escalation")
                    .with_attributes([
                        ("id", escalation.id.as_str()),
                        ("name", &one_line(&escalation.name)),
                        ("escalationCode", &escalation.code),
                    ])
                    .write_empty()?;
            }
            w.create_element("bpmndi:BPMNDiagram")
                .with_attribute(("id", format!("{process_id}-diagram").as_str()))
                .write_inner_content(|w| {
                    w.create_element("bpmndi:BPMNPlane")
                        .with_attributes([
                            ("id", format!("{process_id}-plane").as_str()),
                            ("bpmnElement", process_id),
                        ])
                        .write_inner_content(|w| di(w, diagram))?;
                    Ok(())
                })?;
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    String::from_utf8(bytes).map_err(io::Error::other)
}

fn documentation(w: &mut W, text: Option<&str>) -> io::Result<()> {
    if let Some(text) = text.filter(|t| !t.is_empty()) {
        w.create_element("bpmn:documentation")
            .write_text_content(BytesText::from_escaped(partial_escape(text)))?;
    }
    Ok(())
}

/// Attribute values lose their line breaks when read, so names are
/// written on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn container(w: &mut W, container: &Container) -> io::Result<()> {
    for node in &container.nodes {
        flow_node(w, node, container)?;
    }
    for flow in &container.flows {
        sequence_flow(w, flow)?;
    }
    Ok(())
}

fn tag(kind: &NodeKind) -> &'static str {
    match kind {
        NodeKind::Start { .. } => "bpmn:startEvent",
        NodeKind::End { .. } => "bpmn:endEvent",
        NodeKind::UserTask { .. } => "bpmn:userTask",
        NodeKind::Task => "bpmn:task",
        NodeKind::ReceiveTask { .. } => "bpmn:receiveTask",
        NodeKind::MessageCatch { .. } | NodeKind::TimerCatch { .. } => {
            "bpmn:intermediateCatchEvent"
        }
        NodeKind::Exclusive { .. } => "bpmn:exclusiveGateway",
        NodeKind::Parallel => "bpmn:parallelGateway",
        NodeKind::EventGateway => "bpmn:eventBasedGateway",
        NodeKind::SubProcess { .. } => "bpmn:subProcess",
        NodeKind::Boundary { .. } => "bpmn:boundaryEvent",
    }
}

fn flow_node(w: &mut W, node: &Node, parent: &Container) -> io::Result<()> {
    let mut attributes: Vec<(&str, String)> = vec![("id", node.id.clone())];
    if let Some(name) = &node.name {
        attributes.push(("name", one_line(name)));
    }
    match &node.kind {
        NodeKind::Start {
            timer: Some(_),
            interrupting: false,
        } => attributes.push(("isInterrupting", "false".to_owned())),
        NodeKind::Exclusive {
            default: Some(default),
        } => attributes.push(("default", default.clone())),
        NodeKind::ReceiveTask { message, .. } => attributes.push(("messageRef", message.clone())),
        NodeKind::SubProcess {
            triggered_by_event: true,
            ..
        } => attributes.push(("triggeredByEvent", "true".to_owned())),
        NodeKind::Boundary {
            host, interrupting, ..
        } => {
            if !interrupting {
                attributes.push(("cancelActivity", "false".to_owned()));
            }
            attributes.push(("attachedToRef", host.clone()));
        }
        _ => {}
    }
    let incoming: Vec<&Flow> = parent
        .flows
        .iter()
        .filter(|f| f.target == node.id)
        .collect();
    let outgoing: Vec<&Flow> = parent
        .flows
        .iter()
        .filter(|f| f.source == node.id)
        .collect();
    w.create_element(tag(&node.kind))
        .with_attributes(attributes.iter().map(|(k, v)| (*k, v.as_str())))
        .write_inner_content(|w| {
            documentation(w, node.documentation.as_deref())?;
            extensions(w, &node.kind)?;
            for flow in incoming {
                w.create_element("bpmn:incoming")
                    .write_text_content(BytesText::new(&flow.id))?;
            }
            for flow in outgoing {
                w.create_element("bpmn:outgoing")
                    .write_text_content(BytesText::new(&flow.id))?;
            }
            event_definition(w, &node.kind)?;
            if let NodeKind::SubProcess { body, .. } = &node.kind {
                container(w, body)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn extensions(w: &mut W, kind: &NodeKind) -> io::Result<()> {
    match kind {
        NodeKind::UserTask { candidate_groups } => {
            w.create_element("bpmn:extensionElements")
                .write_inner_content(|w| {
                    w.create_element("zeebe:userTask").write_empty()?;
                    if let Some(groups) = candidate_groups {
                        w.create_element("zeebe:assignmentDefinition")
                            .with_attribute(("candidateGroups", groups.as_str()))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
        }
        NodeKind::ReceiveTask {
            event_output: Some(event),
            ..
        }
        | NodeKind::MessageCatch {
            event_output: Some(event),
            ..
        } => {
            // The event's name as a FEEL string literal; event names are
            // ids, so they need no escaping inside the quotes.
            let source = format!("=\"{event}\"");
            w.create_element("bpmn:extensionElements")
                .write_inner_content(|w| {
                    w.create_element("zeebe:ioMapping")
                        .write_inner_content(|w| {
                            w.create_element("zeebe:output")
                                .with_attributes([("source", source.as_str()), ("target", "event")])
                                .write_empty()?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
        }
        _ => {}
    }
    Ok(())
}

fn event_definition(w: &mut W, kind: &NodeKind) -> io::Result<()> {
    match kind {
        NodeKind::Start {
            timer: Some(duration),
            ..
        }
        | NodeKind::TimerCatch { duration }
        | NodeKind::Boundary { duration, .. } => {
            w.create_element("bpmn:timerEventDefinition")
                .write_inner_content(|w| {
                    w.create_element("bpmn:timeDuration")
                        .with_attribute(("xsi:type", "bpmn:tFormalExpression"))
                        .write_text_content(BytesText::new(duration))?;
                    Ok(())
                })?;
        }
        NodeKind::MessageCatch { message, .. } => {
            w.create_element("bpmn:messageEventDefinition")
                .with_attribute(("messageRef", message.as_str()))
                .write_empty()?;
        }
        NodeKind::End {
            escalation: Some(escalation),
        } => {
            w.create_element("bpmn:escalationEventDefinition")
                .with_attribute(("escalationRef", escalation.as_str()))
                .write_empty()?;
        }
        _ => {}
    }
    Ok(())
}

fn sequence_flow(w: &mut W, flow: &Flow) -> io::Result<()> {
    let mut attributes: Vec<(&str, String)> = vec![("id", flow.id.clone())];
    if let Some(name) = &flow.name {
        attributes.push(("name", one_line(name)));
    }
    attributes.push(("sourceRef", flow.source.clone()));
    attributes.push(("targetRef", flow.target.clone()));
    let element = w
        .create_element("bpmn:sequenceFlow")
        .with_attributes(attributes.iter().map(|(k, v)| (*k, v.as_str())));
    match &flow.condition {
        Some(condition) => {
            element.write_inner_content(|w| {
                let text = format!("={condition}");
                w.create_element("bpmn:conditionExpression")
                    .with_attribute(("xsi:type", "bpmn:tFormalExpression"))
                    .write_text_content(BytesText::from_escaped(partial_escape(&text)))?;
                Ok(())
            })?;
        }
        None => {
            element.write_empty()?;
        }
    }
    Ok(())
}

fn di(w: &mut W, diagram: &Diagram) -> io::Result<()> {
    for shape in &diagram.shapes {
        let id = format!("{}-di", shape.element);
        let mut attributes = vec![("id", id.as_str()), ("bpmnElement", shape.element.as_str())];
        if shape.expanded {
            attributes.push(("isExpanded", "true"));
        }
        w.create_element("bpmndi:BPMNShape")
            .with_attributes(attributes)
            .write_inner_content(|w| {
                bounds(w, shape.bounds)?;
                label(w, shape.label)
            })?;
    }
    for edge in &diagram.edges {
        let id = format!("{}-di", edge.flow);
        w.create_element("bpmndi:BPMNEdge")
            .with_attributes([("id", id.as_str()), ("bpmnElement", edge.flow.as_str())])
            .write_inner_content(|w| {
                for &(x, y) in &edge.points {
                    w.create_element("di:waypoint")
                        .with_attributes([("x", number(x).as_str()), ("y", number(y).as_str())])
                        .write_empty()?;
                }
                label(w, edge.label)
            })?;
    }
    Ok(())
}

fn label(w: &mut W, bounds_of_label: Option<Bounds>) -> io::Result<()> {
    if let Some(b) = bounds_of_label {
        w.create_element("bpmndi:BPMNLabel")
            .write_inner_content(|w| bounds(w, b))?;
    }
    Ok(())
}

fn bounds(w: &mut W, b: Bounds) -> io::Result<()> {
    w.create_element("dc:Bounds")
        .with_attributes([
            ("x", number(b.x).as_str()),
            ("y", number(b.y).as_str()),
            ("width", number(b.width).as_str()),
            ("height", number(b.height).as_str()),
        ])
        .write_empty()?;
    Ok(())
}

/// Coordinates in whole pixels: readable, and the same on every machine.
fn number(value: f64) -> String {
    let rounded = value.round();
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        format!("{rounded:.0}")
    }
}
