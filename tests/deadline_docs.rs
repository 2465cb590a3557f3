//! The worked examples in `docs/deadlines.md` are real: every `$ ozg
//! deadline ...` line in a code block is run, and its output must be the
//! lines that follow it.

use std::path::Path;
use std::process::Command;

struct Example {
    args: Vec<String>,
    expected: String,
}

fn examples(markdown: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_block = false;
    // The example whose output is being read; none outside code blocks.
    let mut current: Option<usize> = None;
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            current = None;
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ozg ") {
            let args = command.split_whitespace().map(str::to_owned).collect();
            examples.push(Example {
                args,
                expected: String::new(),
            });
            current = Some(examples.len() - 1);
        } else if let Some(index) = current {
            examples[index].expected.push_str(line);
            examples[index].expected.push('\n');
        }
    }
    for example in &mut examples {
        let trimmed = example.expected.trim_end().len();
        example.expected.truncate(trimmed);
        example.expected.push('\n');
    }
    examples
}

#[test]
fn the_worked_examples_in_the_docs_are_what_the_program_prints() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deadlines.md");
    let markdown = std::fs::read_to_string(&path).unwrap();
    let examples = examples(&markdown);
    assert!(
        examples.len() >= 5,
        "found only {} examples",
        examples.len()
    );

    for example in examples {
        let output = Command::new(env!("CARGO_BIN_EXE_ozg"))
            .args(&example.args)
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(stdout, example.expected, "ozg {}", example.args.join(" "));
    }
}
