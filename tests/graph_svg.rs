//! `ozg graph`: drawings of a service's process as SVG, Mermaid and DOT,
//! with and without the changes against a git revision.

mod diff_support;

use std::path::Path;

use diff_support::{BASE, CONFIG, commit, git, ozg, write};

const STEPS: [(&str, Option<&str>); 5] = [
    ("receipt", None),
    ("review", Some("Antrag prüfen")),
    ("await_documents", Some("Unterlagen abwarten")),
    ("granted", Some("Genehmigt")),
    ("refused", Some("Abgelehnt")),
];

fn repository(dir: &Path) {
    write(
        dir,
        &[("ozg.toml", CONFIG), ("services/permit/service.toml", BASE)],
    );
}

#[test]
fn svg_is_valid_xml_and_shows_every_step_by_id_and_title() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let (code, svg, stderr) = ozg(dir.path(), &["graph", "permit", "--format", "svg"]);
    assert_eq!(code, 0, "{stderr}");
    let document = roxmltree::Document::parse(&svg).expect("valid XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    let texts: Vec<&str> = document
        .descendants()
        .filter(roxmltree::Node::is_text)
        .filter_map(|n| n.text())
        .collect();
    for (id, title) in STEPS {
        let step = document
            .descendants()
            .find(|n| n.attribute("data-step") == Some(id))
            .unwrap_or_else(|| panic!("no step {id}"));
        assert!(step.has_tag_name("g"));
        assert!(texts.contains(&id), "{id} is not written");
        if let Some(title) = title {
            assert!(texts.contains(&title), "{title} is not written");
        }
    }
}

#[test]
fn svg_nodes_do_not_overlap() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let (_, svg, _) = ozg(dir.path(), &["graph", "permit", "--format", "svg"]);
    let document = roxmltree::Document::parse(&svg).unwrap();
    let boxes: Vec<(f64, f64, f64, f64)> = document
        .descendants()
        .filter(|n| n.attribute("data-step").is_some())
        .map(|g| {
            let rect = g.children().find(|c| c.has_tag_name("rect")).unwrap();
            let n = |a| rect.attribute(a).unwrap().parse::<f64>().unwrap();
            (n("x"), n("y"), n("width"), n("height"))
        })
        .collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart =
                a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn a_service_file_path_works_like_its_id() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let (_, by_id, _) = ozg(dir.path(), &["graph", "permit"]);
    let (_, by_path, _) = ozg(dir.path(), &["graph", "services/permit/service.toml"]);
    assert_eq!(by_id, by_path);
    assert!(by_id.starts_with("flowchart TD\n"), "{by_id}");
}

#[test]
fn mermaid_shapes_follow_the_kind_of_step() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let (_, mermaid, _) = ozg(dir.path(), &["graph", "permit"]);
    assert!(mermaid.contains("s_receipt(\"receipt\")"), "{mermaid}");
    assert!(mermaid.contains("s_review[\"Antrag prüfen"), "{mermaid}");
    assert!(
        mermaid.contains("s_await_documents{{\"⧗ Unterlagen abwarten"),
        "{mermaid}"
    );
    assert!(mermaid.contains("s_granted(((\"Genehmigt"), "{mermaid}");
    assert!(
        mermaid.contains("s_review -->|\"decision = #quot;approve#quot;\"| s_granted"),
        "{mermaid}"
    );
}

#[test]
fn unknown_service_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    repository(dir.path());
    let (code, stdout, stderr) = ozg(dir.path(), &["graph", "nothing"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("there is no service \"nothing\""),
        "{stderr}"
    );
}

#[test]
fn diff_marks_added_removed_and_changed_steps() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    commit(
        dir.path(),
        &[("ozg.toml", CONFIG), ("services/permit/service.toml", BASE)],
        "first",
    );
    // Rename review (changed), drop the wait (removed), add a payment wait.
    let i = BASE.find("[[step]]\nid = \"await_documents\"").unwrap();
    let j = BASE.find("[[step]]\nid = \"granted\"").unwrap();
    let new = format!(
        "{}[[step]]\nid = \"payment\"\nkind = \"wait\"\nevents = [\"paid\"]\nnext = [{{ to = \"granted\" }}]\n\n{}",
        &BASE[..i],
        &BASE[j..]
    )
    .replace("id = \"review\"", "id = \"examination\"")
    .replace("to = \"review\"", "to = \"examination\"")
    .replace("{ to = \"granted\", when = 'decision = \"approve\"' }", "{ to = \"payment\", when = 'decision = \"approve\"' }")
    .replace("  { to = \"await_documents\", when = 'decision = \"request_documents\"' },\n", "")
    .replace("decisions = [\"approve\", \"reject\", \"request_documents\"]", "decisions = [\"approve\", \"reject\"]");
    write(dir.path(), &[("services/permit/service.toml", &new)]);

    let (code, mermaid, stderr) = ozg(dir.path(), &["graph", "permit", "--diff", "HEAD"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(mermaid.contains("class s_payment added"), "{mermaid}");
    assert!(
        mermaid.contains("class s_await_documents removed"),
        "{mermaid}"
    );
    assert!(mermaid.contains("class s_examination changed"), "{mermaid}");
    assert!(mermaid.contains("renamed from review"), "{mermaid}");

    let (_, svg, _) = ozg(
        dir.path(),
        &["graph", "permit", "--diff", "HEAD", "--format", "svg"],
    );
    let document = roxmltree::Document::parse(&svg).unwrap();
    let status = |id: &str| {
        document
            .descendants()
            .find(|n| n.attribute("data-step") == Some(id))
            .and_then(|n| n.attribute("class"))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(status("payment").ends_with("added"));
    assert!(status("await_documents").ends_with("removed"));
    assert!(status("examination").ends_with("changed"));
    assert!(status("granted").ends_with("unchanged"));

    let (_, dot, _) = ozg(
        dir.path(),
        &["graph", "permit", "--diff", "HEAD", "--format", "dot"],
    );
    assert!(dot.starts_with("digraph \"permit\" {"), "{dot}");
    assert!(
        dot.contains("\"await_documents\" -> \"examination\""),
        "{dot}"
    );
}
