
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
            cand eval 'Evaluate a FEEL expression and print its value'
            cand deadline 'Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB)'
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
        &'ozg;eval'= {
            cand --var 'A variable as NAME=VALUE, where VALUE is a FEEL literal (`--var age=30`, `--var birth_date=''date("1990-05-01")''`)'
            cand --format 'How to print the result'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;deadline'= {
            cand --from 'Day of the event that starts the deadline, as YYYY-MM-DD'
            cand --within 'Length of the deadline as an ISO 8601 duration: P14D (days), P2W (weeks), P3M (months), P1Y (years), or combined like P1Y2M10D'
            cand --state 'Federal state whose public holidays apply: BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH or TH (DE-BY etc. also work)'
            cand --days 'Which days count'
            cand --format 'How to print the result'
            cand -v 'Also explain how the end was found (human format)'
            cand --verbose 'Also explain how the end was found (human format)'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
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
            cand eval 'Evaluate a FEEL expression and print its value'
            cand deadline 'Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB)'
            cand explain 'Explain a lint rule: what it checks, why, and how to fix a finding'
            cand completions 'Print a completion script for your shell'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;help;lint'= {
        }
        &'ozg;help;eval'= {
        }
        &'ozg;help;deadline'= {
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
