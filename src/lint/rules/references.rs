//! Rules about references between the parts of a service: transitions to
//! steps, tasks to roles, fields to code lists, deadlines to what happens
//! when they pass.

use crate::lint::messages as msg;
use crate::lint::rules::Rule;
use crate::lint::{Diagnostic, Severity};
use crate::model::{Deadline, ExpiryAction, Repository, Service};
use crate::source::{FileId, Spanned};

pub static UNKNOWN_STEP: Rule = Rule {
    code: "OZG201",
    name: "unknown-step",
    summary: "A transition, deadline or notification names a step that does not exist.",
    severity: Severity::Error,
    explanation: "Transitions (`to`), deadlines that move the case (`to`) and notifications \
        (`on`) name steps by their id. A name that matches no step is usually a typo or a \
        step that was renamed; the case would have nowhere to go.",
    wrong: "[[step]]\nid = \"review\"\nkind = \"task\"\nrole = \"clerk\"\n\
        next = [{ to = \"grant\" }]\n\n[[step]]\nid = \"granted\"\nkind = \"end\"\n\
        outcome = \"approved\"",
    right: "[[step]]\nid = \"review\"\nkind = \"task\"\nrole = \"clerk\"\n\
        next = [{ to = \"granted\" }]\n\n[[step]]\nid = \"granted\"\nkind = \"end\"\n\
        outcome = \"approved\"",
};

pub static UNKNOWN_ROLE: Rule = Rule {
    code: "OZG202",
    name: "unknown-role",
    summary: "A task or an escalation names a role that does not exist.",
    severity: Severity::Error,
    explanation: "Every task is worked on by a role, and an escalation alerts a role; both \
        name a `[[role]]` by its id. Without a matching role nobody would be responsible.",
    wrong: "[[role]]\nid = \"clerk\"\ntitle = \"Sachbearbeitung\"\n\n[[step]]\nid = \"review\"\n\
        kind = \"task\"\nrole = \"clark\"",
    right: "[[role]]\nid = \"clerk\"\ntitle = \"Sachbearbeitung\"\n\n[[step]]\nid = \"review\"\n\
        kind = \"task\"\nrole = \"clerk\"",
};

pub static UNKNOWN_CODELIST: Rule = Rule {
    code: "OZG203",
    name: "unknown-codelist",
    summary: "A field names a shared code list that the repository does not have.",
    severity: Severity::Error,
    explanation: "`codelist = \"<id>\"` refers to `codelists/<id>.toml`. If that file does not \
        exist, the field has no options to offer. For a code list kept outside the \
        repository, use `external_codelist = { id = \"…\", version = \"…\" }`.",
    wrong: "[[field]]\nid = \"legal_form\"\nlabel = \"Rechtsform\"\ntype = \"choice\"\n\
        codelist = \"legal_form\"   # the file is codelists/legal_forms.toml",
    right: "[[field]]\nid = \"legal_form\"\nlabel = \"Rechtsform\"\ntype = \"choice\"\n\
        codelist = \"legal_forms\"",
};

pub static EXPIRY_TARGET: Rule = Rule {
    code: "OZG205",
    name: "expiry-target",
    summary: "A deadline's expiry action does not say where it leads.",
    severity: Severity::Error,
    explanation: "When a deadline passes, `escalate` alerts the role in `escalate_to`, and \
        `transition` and `deemed_approval` move the case to the step in `to`. Without that \
        key the action points nowhere; a key that does not belong to the action is \
        ignored and most likely a mistake.",
    wrong: "deadline = { within = \"P3M\", on_expiry = \"deemed_approval\" }",
    right: "deadline = { within = \"P3M\", on_expiry = \"deemed_approval\", to = \"granted\" }",
};

pub static UNDECLARED_DECISION: Rule = Rule {
    code: "OZG206",
    name: "undeclared-decision",
    summary: "A guard tests for a decision or event that the step does not declare.",
    severity: Severity::Error,
    explanation: "A task's `decisions` list what its role may decide, and a wait's `events` \
        what it waits for. A guard such as `decision = \"aprove\"` that tests for anything \
        else can never hold, so its transition is never taken.",
    wrong: "decisions = [\"approve\", \"reject\"]\nnext = [\n  { to = \"granted\", when = \
        'decision = \"aprove\"' },\n  { to = \"refused\", when = 'decision = \"reject\"' },\n]",
    right: "decisions = [\"approve\", \"reject\"]\nnext = [\n  { to = \"granted\", when = \
        'decision = \"approve\"' },\n  { to = \"refused\", when = 'decision = \"reject\"' },\n]",
};

pub fn check_service(repository: &Repository, service: &Service, out: &mut Vec<Diagnostic>) {
    let file = service.file;
    let process = &service.process;
    let step_ids: Vec<&str> = process.steps.iter().map(|s| s.id.value.as_str()).collect();
    let role_ids: Vec<&str> = service.roles.iter().map(|r| r.id.value.as_str()).collect();

    for step in &process.steps {
        for transition in &step.next {
            if let Some(to) = &transition.to {
                check_step_ref(out, file, to, &step_ids);
            }
        }
        if let Some(role) = &step.role {
            check_role_ref(out, file, role, &role_ids);
        }
        if let Some(deadline) = &step.deadline {
            check_deadline(out, file, deadline, &step_ids, &role_ids);
        }
    }
    for deadline in &process.deadlines {
        check_deadline(out, file, deadline, &step_ids, &role_ids);
    }
    for notification in &service.notifications {
        if let Some(on) = &notification.on {
            check_step_ref(out, file, on, &step_ids);
        }
    }
    for (field, _) in service.fields() {
        if let Some(list) = &field.codelist
            && repository.codelist(&list.value).is_none()
        {
            let ids = repository.codelists.iter().map(|c| c.id.value.as_str());
            let (message, help) =
                msg::unknown_codelist(&list.value, crate::suggest::closest(&list.value, ids));
            out.push(
                Diagnostic::new(&UNKNOWN_CODELIST, file, list.span, message)
                    .with_optional_help(help),
            );
        }
    }
}

fn check_step_ref(out: &mut Vec<Diagnostic>, file: FileId, to: &Spanned<String>, steps: &[&str]) {
    if !steps.contains(&to.value.as_str()) {
        let suggestion = crate::suggest::closest(&to.value, steps.iter().copied());
        let (message, help) = msg::unknown_step(&to.value, suggestion);
        out.push(Diagnostic::new(&UNKNOWN_STEP, file, to.span, message).with_optional_help(help));
    }
}

fn check_role_ref(out: &mut Vec<Diagnostic>, file: FileId, role: &Spanned<String>, roles: &[&str]) {
    if !roles.contains(&role.value.as_str()) {
        let suggestion = crate::suggest::closest(&role.value, roles.iter().copied());
        let (message, help) = msg::unknown_role(&role.value, suggestion);
        out.push(Diagnostic::new(&UNKNOWN_ROLE, file, role.span, message).with_optional_help(help));
    }
}

fn check_deadline(
    out: &mut Vec<Diagnostic>,
    file: FileId,
    deadline: &Deadline,
    steps: &[&str],
    roles: &[&str],
) {
    if let Some(to) = &deadline.to {
        check_step_ref(out, file, to, steps);
    }
    if let Some(role) = &deadline.escalate_to {
        check_role_ref(out, file, role, roles);
    }
    let Some(action) = &deadline.on_expiry else {
        return;
    };
    let (needed, present, stray) = match action.value {
        ExpiryAction::Escalate => ("escalate_to", deadline.escalate_to.is_some(), &deadline.to),
        ExpiryAction::Transition | ExpiryAction::DeemedApproval => {
            ("to", deadline.to.is_some(), &deadline.escalate_to)
        }
    };
    if !present {
        let (message, help) = msg::expiry_without_target(action.value, needed);
        out.push(
            Diagnostic::new(&EXPIRY_TARGET, file, action.span, message).with_optional_help(help),
        );
    }
    if let Some(stray) = stray {
        let (message, help) = msg::expiry_stray_target(action.value, needed);
        out.push(
            Diagnostic::new(&EXPIRY_TARGET, file, stray.span, message).with_optional_help(help),
        );
    }
}
