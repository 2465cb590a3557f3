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
complete -c ozg -n "__fish_ozg_needs_command" -f -a "test" -d 'Run the scenarios of services and compare them with what they expect'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "deadline" -d 'Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB)'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "explain" -d 'Explain a lint rule: what it checks, why, and how to fix a finding'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "diff" -d 'Show what a change of the models changes: fees, deadlines, fields and steps, from what to what, from which date'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "graph" -d 'Draw a service\'s process: steps by kind, roles, deadlines, and guards on the transitions'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "completions" -d 'Print a completion script for your shell'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "import" -d 'Create model files from forms described elsewhere'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "simulate" -d 'Simulate one case of a service and show it as a timeline: steps, decisions, deadlines with their end dates, notifications, fees and the outcome'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "export" -d 'Write a service in the format of another tool'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "serve" -d 'Run the reference platform: receive releases, activate service versions on their dates, accept applications and run their cases'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "publish" -d 'Publish the models to a platform: check them, show the platform\'s plan of what changes, and apply it'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "releases" -d 'Show the platform\'s release history: who published what and when, from which commit, with which token, and the services each changed'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "rollback" -d 'Make an earlier release\'s content current again, as a new release'
complete -c ozg -n "__fish_ozg_needs_command" -f -a "status" -d 'Show what the platform serves against the last commit, service by service: in sync, not published, upcoming, only on the platform'
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
complete -c ozg -n "__fish_ozg_using_subcommand test" -l format -d 'How to write the results' -r -f -a "human\t''
json\t''
junit\t''"
complete -c ozg -n "__fish_ozg_using_subcommand test" -s o -l output -d 'Write the results to FILE instead of standard output' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand test" -l filter -d 'Run only scenarios whose service or file name contains this text' -r
complete -c ozg -n "__fish_ozg_using_subcommand test" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand test" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand test" -s h -l help -d 'Print help'
complete -c ozg -n "__fish_ozg_using_subcommand test" -s V -l version -d 'Print version'
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
complete -c ozg -n "__fish_ozg_using_subcommand diff" -l dirs -d 'Compare two folders holding model repositories instead of git revisions' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand diff" -s C -d 'Run as if started in DIR' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand diff" -l format -d 'How to write the report' -r -f -a "human\t'changes grouped by service, for reading in a terminal'
markdown\t'a merge-request comment with tables, details and diagrams'
json\t'one JSON object for programs (see docs/diff.md)'"
complete -c ozg -n "__fish_ozg_using_subcommand diff" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand diff" -l sample -d 'How many applications to generate per changed service (0: only the scenarios)' -r
complete -c ozg -n "__fish_ozg_using_subcommand diff" -l seed -d 'The seed of the generated applications; the same seed gives the same report' -r
complete -c ozg -n "__fish_ozg_using_subcommand diff" -l exit-code -d 'Exit with 1 when there are changes, 0 when there are none'
complete -c ozg -n "__fish_ozg_using_subcommand diff" -l cases -d 'Also run every changed service\'s scenarios and generated applications against both versions, and report what comes out differently (outcome, path, fee total, deadline dates)'
complete -c ozg -n "__fish_ozg_using_subcommand diff" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand diff" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand diff" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand graph" -l format -d 'What to draw' -r -f -a "mermaid\t'A Mermaid flowchart (GitHub and GitLab draw it in Markdown)'
dot\t'Graphviz DOT'
svg\t'A laid-out SVG picture'"
complete -c ozg -n "__fish_ozg_using_subcommand graph" -l diff -d 'Highlight what changed since this git revision: added green, removed red and dashed, changed orange' -r
complete -c ozg -n "__fish_ozg_using_subcommand graph" -s o -l output -d 'Write the drawing to FILE instead of standard output' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand graph" -s C -d 'Run as if started in DIR' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand graph" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand graph" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand graph" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand graph" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand completions" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand completions" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand completions" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand import; and not __fish_seen_subcommand_from fim help" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand import; and not __fish_seen_subcommand_from fim help" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand import; and not __fish_seen_subcommand_from fim help" -s h -l help -d 'Print help'
complete -c ozg -n "__fish_ozg_using_subcommand import; and not __fish_seen_subcommand_from fim help" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand import; and not __fish_seen_subcommand_from fim help" -f -a "fim" -d 'Import FIM XDatenfelder schemas (versions 1, 2 and 3) with their genericode code lists as service skeletons'
complete -c ozg -n "__fish_ozg_using_subcommand import; and not __fish_seen_subcommand_from fim help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -l codelists -d 'A folder with genericode code lists (may be given several times)' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -l out -d 'The model repository to write into' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -l state -d 'Federal state whose public holidays apply (BW, BY, ... or DE-BW); needed unless the repository\'s ozg.toml names one' -r
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -l authority -d 'The responsible authority' -r
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -l id -d 'The service id (one FILE only); by default made from the title' -r
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -l date -d 'The day of the import, as YYYY-MM-DD; used as valid_from where FIM gives no date. Defaults to today in Germany' -r
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -l force -d 'Replace files that exist with other content'
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -s q -l quiet -d 'Print only errors'
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from fim" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "fim" -d 'Import FIM XDatenfelder schemas (versions 1, 2 and 3) with their genericode code lists as service skeletons'
complete -c ozg -n "__fish_ozg_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -s C -l repo -d 'The model repository [default: the one the current folder lies in]' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l input -d 'A field\'s value, read by the field\'s type (4,85  31.12.2024  ja); entries of repeatable groups as dogs[1].breed=labrador; multiple choices as codes separated by commas' -r
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l input-file -d 'A scenario file (its input, submission date and events) or a JSON object of field values; --input values are applied on top' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l submitted -d 'The day the application is submitted (2024-03-04 or 04.03.2024) [default: the scenario\'s date, else today in Germany]' -r
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l decide -d 'A decision in a task, on the next working day after the previous action unless a date is given; repeatable, applied in order' -r
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l event -d 'An event for a wait step, dated like --decide; repeatable' -r
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l until -d 'After the last action, let time pass until this day, so that deadlines that end before it expire' -r
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l format -d 'How to write the result' -r -f -a "human\t''
json\t''"
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l save-scenario -d 'Write what was entered and what came out as a scenario file for `ozg test`' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l title -d 'The title of the saved scenario' -r
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l load -d 'Simulate the workload described by this profile (TOML; see docs/load.md) instead of a single case' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l cases -d 'How many applications to simulate [default: the profile\'s, else 1000]' -r
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l seed -d 'Seed of the random numbers; the same seed gives the same results [default: the profile\'s, else 0]' -r
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -l events -d 'Also write every activity of every case as CSV for process-mining tools to FILE' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand simulate" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand export; and not __fish_seen_subcommand_from bpmn prosimos help" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand export; and not __fish_seen_subcommand_from bpmn prosimos help" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand export; and not __fish_seen_subcommand_from bpmn prosimos help" -s h -l help -d 'Print help'
complete -c ozg -n "__fish_ozg_using_subcommand export; and not __fish_seen_subcommand_from bpmn prosimos help" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand export; and not __fish_seen_subcommand_from bpmn prosimos help" -f -a "bpmn" -d 'The process as BPMN 2.0 XML for Camunda 8 (opens in Camunda Modeler and bpmn.io with a laid-out diagram)'
complete -c ozg -n "__fish_ozg_using_subcommand export; and not __fish_seen_subcommand_from bpmn prosimos help" -f -a "prosimos" -d 'The process with a workload profile as a Prosimos simulation model (BPMN) and its parameters (JSON)'
complete -c ozg -n "__fish_ozg_using_subcommand export; and not __fish_seen_subcommand_from bpmn prosimos help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from bpmn" -s o -l out -d 'Write the BPMN to FILE instead of standard output' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from bpmn" -s C -d 'Run as if started in DIR' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from bpmn" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from bpmn" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from bpmn" -s h -l help -d 'Print help'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from bpmn" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from prosimos" -l load -d 'The workload profile to translate (TOML; see docs/load.md)' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from prosimos" -s o -l out -d 'The folder to write SERVICE.bpmn and SERVICE.json into (made when missing)' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from prosimos" -s C -d 'Run as if started in DIR' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from prosimos" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from prosimos" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from prosimos" -s h -l help -d 'Print help'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from prosimos" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "bpmn" -d 'The process as BPMN 2.0 XML for Camunda 8 (opens in Camunda Modeler and bpmn.io with a laid-out diagram)'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "prosimos" -d 'The process with a workload profile as a Prosimos simulation model (BPMN) and its parameters (JSON)'
complete -c ozg -n "__fish_ozg_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -l data -d 'Folder for the platform\'s database (created if missing)' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -l listen -d 'Address and port to listen on' -r
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -l now -d 'Fix the platform\'s clock at this instant (RFC 3339, e.g. 2026-02-07T09:00:00+01:00); for demonstrations and tests' -r
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -l max-body -d 'Largest request body accepted, in bytes' -r
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -l request-timeout -d 'Seconds a request may take before it is answered with 408' -r
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -l retention-every -d 'Seconds between two checks for closed cases whose retention period has passed' -r
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -l test-clock -d 'Let an admin token set the clock with PUT /api/v1/clock (starts at --now or the system time). Never use this in production'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -f -a "token" -d 'Manage the platform\'s access tokens'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and not __fish_seen_subcommand_from token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and __fish_seen_subcommand_from token" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and __fish_seen_subcommand_from token" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and __fish_seen_subcommand_from token" -f -a "add" -d 'Make a token and print its secret (shown only this once)'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke a token: it stops working at once'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and __fish_seen_subcommand_from token" -f -a "list" -d 'List the tokens, active and revoked (never their secrets)'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and __fish_seen_subcommand_from token" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and __fish_seen_subcommand_from help" -f -a "token" -d 'Manage the platform\'s access tokens'
complete -c ozg -n "__fish_ozg_using_subcommand serve; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l target -d 'A platform named under [targets] in ozg.toml' -r
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l url -d 'The platform\'s address; the token is read from `OZG_TOKEN`' -r
complete -c ozg -n "__fish_ozg_using_subcommand publish" -s C -d 'Run as if started in DIR' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l format -d 'How to write the result' -r -f -a "human\t''
json\t''"
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l retries -d 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)' -r
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l timeout -d 'Seconds one request may take' -r
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l plan-out -d 'Save the plan to FILE instead of publishing; apply it later with --plan FILE' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l plan -d 'Apply exactly the plan saved in FILE (refused when the files or the platform have changed since)' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l remove -d 'Take a service off the platform (repeat for several); a service is never removed just because its folder is gone' -r
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l author -d 'Who made the change (default: the author of the last commit)' -r
complete -c ozg -n "__fish_ozg_using_subcommand publish" -s m -l message -d 'Why (default: the first line of the last commit\'s message)' -r
complete -c ozg -n "__fish_ozg_using_subcommand publish" -s y -l yes -d 'Publish without asking (for pipelines)'
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l dry-run -d 'Let the platform check the bundle and show the plan; publish nothing'
complete -c ozg -n "__fish_ozg_using_subcommand publish" -l allow-dirty -d 'Publish files that differ from the last commit, or outside git'
complete -c ozg -n "__fish_ozg_using_subcommand publish" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand publish" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand publish" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand releases" -l target -d 'A platform named under [targets] in ozg.toml' -r
complete -c ozg -n "__fish_ozg_using_subcommand releases" -l url -d 'The platform\'s address; the token is read from `OZG_TOKEN`' -r
complete -c ozg -n "__fish_ozg_using_subcommand releases" -s C -d 'Run as if started in DIR' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand releases" -l format -d 'How to write the result' -r -f -a "human\t''
json\t''"
complete -c ozg -n "__fish_ozg_using_subcommand releases" -l retries -d 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)' -r
complete -c ozg -n "__fish_ozg_using_subcommand releases" -l timeout -d 'Seconds one request may take' -r
complete -c ozg -n "__fish_ozg_using_subcommand releases" -l limit -d 'How many releases to show, newest first' -r
complete -c ozg -n "__fish_ozg_using_subcommand releases" -l before -d 'Show only releases older than this one' -r
complete -c ozg -n "__fish_ozg_using_subcommand releases" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand releases" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand releases" -s h -l help -d 'Print help'
complete -c ozg -n "__fish_ozg_using_subcommand releases" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -l target -d 'A platform named under [targets] in ozg.toml' -r
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -l url -d 'The platform\'s address; the token is read from `OZG_TOKEN`' -r
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -s C -d 'Run as if started in DIR' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -l format -d 'How to write the result' -r -f -a "human\t''
json\t''"
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -l retries -d 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)' -r
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -l timeout -d 'Seconds one request may take' -r
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -l to -d 'The release whose content becomes current again' -r
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -l author -d 'Who rolls back (default: the token\'s name)' -r
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -s m -l message -d 'Why' -r
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -s y -l yes -d 'Roll back without asking (for pipelines)'
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -l dry-run -d 'Only show what would change back'
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ozg -n "__fish_ozg_using_subcommand rollback" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand status" -l target -d 'A platform named under [targets] in ozg.toml' -r
complete -c ozg -n "__fish_ozg_using_subcommand status" -l url -d 'The platform\'s address; the token is read from `OZG_TOKEN`' -r
complete -c ozg -n "__fish_ozg_using_subcommand status" -s C -d 'Run as if started in DIR' -r -F
complete -c ozg -n "__fish_ozg_using_subcommand status" -l format -d 'How to write the result' -r -f -a "human\t''
json\t''"
complete -c ozg -n "__fish_ozg_using_subcommand status" -l retries -d 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)' -r
complete -c ozg -n "__fish_ozg_using_subcommand status" -l timeout -d 'Seconds one request may take' -r
complete -c ozg -n "__fish_ozg_using_subcommand status" -l exit-code -d 'Exit with 1 when the platform and the commit differ (a publish is due), 0 when they agree'
complete -c ozg -n "__fish_ozg_using_subcommand status" -s q -l quiet -d 'Print only errors: no warnings, no summary'
complete -c ozg -n "__fish_ozg_using_subcommand status" -s v -l verbose -d 'Also print, on standard error, which files were read and how long each stage took'
complete -c ozg -n "__fish_ozg_using_subcommand status" -s h -l help -d 'Print help'
complete -c ozg -n "__fish_ozg_using_subcommand status" -s V -l version -d 'Print version'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "lint" -d 'Check model repositories: files, references, process, expressions and legal metadata'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "eval" -d 'Evaluate a FEEL expression and print its value'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "test" -d 'Run the scenarios of services and compare them with what they expect'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "deadline" -d 'Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB)'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "explain" -d 'Explain a lint rule: what it checks, why, and how to fix a finding'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "diff" -d 'Show what a change of the models changes: fees, deadlines, fields and steps, from what to what, from which date'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "graph" -d 'Draw a service\'s process: steps by kind, roles, deadlines, and guards on the transitions'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "completions" -d 'Print a completion script for your shell'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "import" -d 'Create model files from forms described elsewhere'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "simulate" -d 'Simulate one case of a service and show it as a timeline: steps, decisions, deadlines with their end dates, notifications, fees and the outcome'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "export" -d 'Write a service in the format of another tool'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "serve" -d 'Run the reference platform: receive releases, activate service versions on their dates, accept applications and run their cases'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "publish" -d 'Publish the models to a platform: check them, show the platform\'s plan of what changes, and apply it'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "releases" -d 'Show the platform\'s release history: who published what and when, from which commit, with which token, and the services each changed'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "rollback" -d 'Make an earlier release\'s content current again, as a new release'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "status" -d 'Show what the platform serves against the last commit, service by service: in sync, not published, upcoming, only on the platform'
complete -c ozg -n "__fish_ozg_using_subcommand help; and not __fish_seen_subcommand_from lint eval test deadline explain diff graph completions import simulate export serve publish releases rollback status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ozg -n "__fish_ozg_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "fim" -d 'Import FIM XDatenfelder schemas (versions 1, 2 and 3) with their genericode code lists as service skeletons'
complete -c ozg -n "__fish_ozg_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "bpmn" -d 'The process as BPMN 2.0 XML for Camunda 8 (opens in Camunda Modeler and bpmn.io with a laid-out diagram)'
complete -c ozg -n "__fish_ozg_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "prosimos" -d 'The process with a workload profile as a Prosimos simulation model (BPMN) and its parameters (JSON)'
complete -c ozg -n "__fish_ozg_using_subcommand help; and __fish_seen_subcommand_from serve" -f -a "token" -d 'Manage the platform\'s access tokens'
