//! The element ids of an exported process. Step ids keep their own names,
//! so that engines and modellers show the ids of the model; generated
//! elements carry a `-`, which step ids never have, and a number when the
//! name is taken.

use std::collections::HashSet;

use crate::export::bpmn::plain::ncname;
use crate::model::Step;

/// The ids given out so far.
pub(crate) struct Ids(HashSet<String>);

impl Ids {
    /// Ids with those of the steps taken.
    pub(crate) fn with_steps(steps: &[Step]) -> Ids {
        Ids(steps.iter().map(|s| ncname(&s.id.value)).collect())
    }

    /// `base-suffix` (or `base` without a suffix), numbered when taken.
    pub(crate) fn unique(&mut self, base: &str, suffix: &str) -> String {
        let wanted = if suffix.is_empty() {
            base.to_owned()
        } else {
            format!("{base}-{suffix}")
        };
        let mut id = wanted.clone();
        let mut n = 2;
        while self.0.contains(&id) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        self.0.insert(id.clone());
        id
    }

    /// The process's id: the service's, or `service-process` when a step
    /// has that name.
    pub(crate) fn process(&mut self, service_id: &str) -> String {
        if self.0.contains(service_id) {
            self.unique(service_id, "process")
        } else {
            self.unique(service_id, "")
        }
    }
}
