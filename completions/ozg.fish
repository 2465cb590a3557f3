# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ozg_global_optspecs
    string join \n q/quiet v/verbose h/help V/version
end

function __fish_ozg_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ozg_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ozg_using_subcommand
    set -l cmd (__fish_ozg_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ozg -n "__fish_ozg_needs_command" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_needs_command" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_needs_command" -s h -l help -d 'Print help'
complete -c ozg -n "__fish_ozg_needs_command" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "lint" -d 'Check model repositories: files, references, process, expressions and legal metadata'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "eval" -d 'Evaluate a FEEL expression and print its value'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "deadline" -d 'Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB)'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "explain" -d 'Explain a lint rule: what it checks, why, and how to fix a finding'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "completions" -d 'Print a completion script for your shell'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ozg -n "__fish_ozg_using_subcommand lint" -l format -d 'How to write the report' -r -f -a "human\t'diagnostics with source snippets, for reading'
json\t'a JSON array of findings'
sarif\t'SARIF 2.1.0, for GitHub code scanning'
github\t'GitHub Actions annotations'
gitlab\t'GitLab Code Quality report'
junit\t'JUnit XML, for test report widgets'"
complete -c ozg -n "__fish_ozg_using_subcommand lint" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand lint" -l deny-warnings -d 'Let warnings fail the run (exit code 1), like errors'
complete -c ozg -n "__fish_ozg_using_subcommand lint" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand lint" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand lint" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand eval" -l var -d 'A variable as NAME=VALUE, where VALUE is a FEEL literal (`--var age=30`, `--var birth_date=\'date("1990-05-01")\'`)' -r
complete -c ozg -n "__fish_ozg_using_subcommand eval" -l format -d 'How to print the result' -r -f -a "feel\t'A FEEL literal: `46.00`, `"text"`, `date("2026-02-28")`'
json\t'Typed JSON: `{"type": "number", "value": "46.00"}`'"
complete -c ozg -n "__fish_ozg_using_subcommand eval" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand eval" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand eval" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand eval" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand deadline" -l from -d 'Day of the event that starts the deadline, as YYYY-MM-DD' -r
complete -c ozg -n "__fish_ozg_using_subcommand deadline" -l within -d 'Length of the deadline as an ISO 8601 duration: P14D (days), P2W (weeks), P3M (months), P1Y (years), or combined like P1Y2M10D' -r
complete -c ozg -n "__fish_ozg_using_subcommand deadline" -l state -d 'Federal state whose public holidays apply: BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH or TH (DE-BY etc. also work)' -r
complete -c ozg -n "__fish_ozg_using_subcommand deadline" -l days -d 'Which days count' -r -f -a "calendar\t'Every day counts; the end moves off weekends and holidays'
working\t'Only Monday to Friday outside public holidays count'"
complete -c ozg -n "__fish_ozg_using_subcommand deadline" -l format -d 'How to print the result' -r -f -a "human\t'The end date, and with -v the reasons'
json\t'One JSON object with the end, the nominal end and the skipped days'"
complete -c ozg -n "__fish_ozg_using_subcommand deadline" -s v -l verbose -d 'Also explain how the end was found (human format)'
complete -c ozg -n "__fish_ozg_using_subcommand deadline" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand deadline" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand deadline" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand explain" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand explain" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand explain" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand completions" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand completions" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand completions" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval deadline explain completions help" -f -a "lint" -d 'Check model repositories: files, references, process, expressions and legal metadata'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval deadline explain completions help" -f -a "eval" -d 'Evaluate a FEEL expression and print its value'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval deadline explain completions help" -f -a "deadline" -d 'Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB)'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval deadline explain completions help" -f -a "explain" -d 'Explain a lint rule: what it checks, why, and how to fix a finding'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval deadline explain completions help" -f -a "completions" -d 'Print a completion script for your shell'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval deadline explain completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
