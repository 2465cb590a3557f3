//! Plain BPMN 2.0 for simulators: a process of start and end events,
//! tasks, message and timer catch events and exclusive and parallel gateways, and
//! nothing else.
//!
//! Simulators such as Prosimos read only these elements: no user or
//! receive tasks, no boundary events, no sub-processes. An exporter for
//! such a tool decides itself which element stands for which step (see
//! `export::prosimos`) and hands the result here, where it is laid out and
//! written exactly as the Camunda export is, so that the file opens in
//! Camunda Modeler and bpmn.io with a finished diagram.

use super::BpmnError;
use super::build::{self, Container, Definitions, Flow, Message, Node, NodeKind};
use super::{diagram, messages, write};

/// A process of plain elements.
#[derive(Debug, Clone)]
pub struct PlainProcess {
    pub id: String,
    pub name: String,
    pub documentation: String,
    pub nodes: Vec<PlainNode>,
    pub flows: Vec<PlainFlow>,
}

#[derive(Debug, Clone)]
pub struct PlainNode {
    pub id: String,
    pub name: Option<String>,
    pub documentation: Option<String>,
    pub kind: PlainKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlainKind {
    Start,
    End,
    Task,
    /// An intermediate catch event for the message named here.
    MessageCatch(String),
    /// An intermediate timer catch event with this ISO 8601 duration.
    TimerCatch(String),
    Exclusive,
    Parallel,
}

#[derive(Debug, Clone)]
pub struct PlainFlow {
    pub id: String,
    pub source: String,
    pub target: String,
    pub name: Option<String>,
}

/// The process as a BPMN 2.0 document with a laid-out diagram.
pub fn to_plain_bpmn(process: &PlainProcess) -> Result<String, BpmnError> {
    let mut catalogue: Vec<Message> = Vec::new();
    let nodes = process
        .nodes
        .iter()
        .map(|node| {
            let kind = match &node.kind {
                PlainKind::Start => NodeKind::Start {
                    timer: None,
                    interrupting: true,
                },
                PlainKind::End => NodeKind::End { escalation: None },
                PlainKind::Task => NodeKind::Task,
                PlainKind::MessageCatch(name) => NodeKind::MessageCatch {
                    message: message_id(&mut catalogue, name),
                    event_output: None,
                },
                PlainKind::TimerCatch(duration) => NodeKind::TimerCatch {
                    duration: duration.clone(),
                },
                PlainKind::Exclusive => NodeKind::Exclusive { default: None },
                PlainKind::Parallel => NodeKind::Parallel,
            };
            Node {
                id: node.id.clone(),
                name: node.name.clone(),
                documentation: node.documentation.clone(),
                kind,
            }
        })
        .collect();
    let flows = process
        .flows
        .iter()
        .map(|f| Flow {
            id: f.id.clone(),
            source: f.source.clone(),
            target: f.target.clone(),
            name: f.name.clone(),
            condition: None,
        })
        .collect();
    let definitions = Definitions {
        process_id: process.id.clone(),
        process_name: process.name.clone(),
        documentation: process.documentation.clone(),
        messages: catalogue,
        escalations: Vec::new(),
        body: Container { nodes, flows },
    };
    let diagram = diagram::diagram(&definitions);
    write::document(&definitions, &diagram)
        .map_err(|e| BpmnError::Write(messages::cannot_write(&e)))
}

/// A valid XML name (`NCName`) from an id, as the Camunda export makes
/// its element ids.
pub fn ncname(id: &str) -> String {
    build::ncname(id)
}

fn message_id(catalogue: &mut Vec<Message>, name: &str) -> String {
    if let Some(m) = catalogue.iter().find(|m| m.name == name) {
        return m.id.clone();
    }
    let id = format!("message-{}", build::ncname(name));
    catalogue.push(Message {
        id: id.clone(),
        name: name.to_owned(),
    });
    id
}
