
use builtin;
use str;

set edit:completion:arg-completer[ozg] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ozg'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ozg'= {
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lint 'Check model repositories: files, references, process, expressions and legal metadata'
            cand explain 'Explain a lint rule: what it checks, why, and how to fix a finding'
            cand completions 'Print a completion script for your shell'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;lint'= {
            cand --format 'How to write the report'
            cand -o 'Write the report to FILE instead of standard output'
            cand --output 'Write the report to FILE instead of standard output'
            cand --deny-warnings 'Let warnings fail the run (exit code 1), like errors'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;explain'= {
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;completions'= {
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;help'= {
            cand lint 'Check model repositories: files, references, process, expressions and legal metadata'
            cand explain 'Explain a lint rule: what it checks, why, and how to fix a finding'
            cand completions 'Print a completion script for your shell'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;help;lint'= {
        }
        &'ozg;help;explain'= {
        }
        &'ozg;help;completions'= {
        }
        &'ozg;help;help'= {
        }
    ]
    $completions[$command]
}
