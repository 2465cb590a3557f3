
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
            cand test 'Run the scenarios of services and compare them with what they expect'
            cand deadline 'Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB)'
            cand explain 'Explain a lint rule: what it checks, why, and how to fix a finding'
            cand diff 'Show what a change of the models changes: fees, deadlines, fields and steps, from what to what, from which date'
            cand graph 'Draw a service''s process: steps by kind, roles, deadlines, and guards on the transitions'
            cand completions 'Print a completion script for your shell'
            cand import 'Create model files from forms described elsewhere'
            cand simulate 'Simulate one case of a service and show it as a timeline: steps, decisions, deadlines with their end dates, notifications, fees and the outcome'
            cand export 'Write a service in the format of another tool'
            cand serve 'Run the reference platform: receive releases, activate service versions on their dates, accept applications and run their cases'
            cand publish 'Publish the models to a platform: check them, show the platform''s plan of what changes, and apply it'
            cand releases 'Show the platform''s release history: who published what and when, from which commit, with which token, and the services each changed'
            cand rollback 'Make an earlier release''s content current again, as a new release'
            cand status 'Show what the platform serves against the last commit, service by service: in sync, not published, upcoming, only on the platform'
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
        &'ozg;test'= {
            cand --format 'How to write the results'
            cand -o 'Write the results to FILE instead of standard output'
            cand --output 'Write the results to FILE instead of standard output'
            cand --filter 'Run only scenarios whose service or file name contains this text'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
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
        &'ozg;diff'= {
            cand --dirs 'Compare two folders holding model repositories instead of git revisions'
            cand -C 'Run as if started in DIR'
            cand --format 'How to write the report'
            cand -o 'Write the report to FILE instead of standard output'
            cand --output 'Write the report to FILE instead of standard output'
            cand --sample 'How many applications to generate per changed service (0: only the scenarios)'
            cand --seed 'The seed of the generated applications; the same seed gives the same report'
            cand --exit-code 'Exit with 1 when there are changes, 0 when there are none'
            cand --cases 'Also run every changed service''s scenarios and generated applications against both versions, and report what comes out differently (outcome, path, fee total, deadline dates)'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;graph'= {
            cand --format 'What to draw'
            cand --diff 'Highlight what changed since this git revision: added green, removed red and dashed, changed orange'
            cand -o 'Write the drawing to FILE instead of standard output'
            cand --output 'Write the drawing to FILE instead of standard output'
            cand -C 'Run as if started in DIR'
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
        &'ozg;import'= {
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand fim 'Import FIM XDatenfelder schemas (versions 1, 2 and 3) with their genericode code lists as service skeletons'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;import;fim'= {
            cand --codelists 'A folder with genericode code lists (may be given several times)'
            cand --out 'The model repository to write into'
            cand --state 'Federal state whose public holidays apply (BW, BY, ... or DE-BW); needed unless the repository''s ozg.toml names one'
            cand --authority 'The responsible authority'
            cand --id 'The service id (one FILE only); by default made from the title'
            cand --date 'The day of the import, as YYYY-MM-DD; used as valid_from where FIM gives no date. Defaults to today in Germany'
            cand --force 'Replace files that exist with other content'
            cand -q 'Print only errors'
            cand --quiet 'Print only errors'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;import;help'= {
            cand fim 'Import FIM XDatenfelder schemas (versions 1, 2 and 3) with their genericode code lists as service skeletons'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;import;help;fim'= {
        }
        &'ozg;import;help;help'= {
        }
        &'ozg;simulate'= {
            cand -C 'The model repository [default: the one the current folder lies in]'
            cand --repo 'The model repository [default: the one the current folder lies in]'
            cand --input 'A field''s value, read by the field''s type (4,85  31.12.2024  ja); entries of repeatable groups as dogs[1].breed=labrador; multiple choices as codes separated by commas'
            cand --input-file 'A scenario file (its input, submission date and events) or a JSON object of field values; --input values are applied on top'
            cand --submitted 'The day the application is submitted (2024-03-04 or 04.03.2024) [default: the scenario''s date, else today in Germany]'
            cand --decide 'A decision in a task, on the next working day after the previous action unless a date is given; repeatable, applied in order'
            cand --event 'An event for a wait step, dated like --decide; repeatable'
            cand --until 'After the last action, let time pass until this day, so that deadlines that end before it expire'
            cand --format 'How to write the result'
            cand --save-scenario 'Write what was entered and what came out as a scenario file for `ozg test`'
            cand --title 'The title of the saved scenario'
            cand --load 'Simulate the workload described by this profile (TOML; see docs/load.md) instead of a single case'
            cand --cases 'How many applications to simulate [default: the profile''s, else 1000]'
            cand --seed 'Seed of the random numbers; the same seed gives the same results [default: the profile''s, else 0]'
            cand --events 'Also write every activity of every case as CSV for process-mining tools to FILE'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;export'= {
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand bpmn 'The process as BPMN 2.0 XML for Camunda 8 (opens in Camunda Modeler and bpmn.io with a laid-out diagram)'
            cand prosimos 'The process with a workload profile as a Prosimos simulation model (BPMN) and its parameters (JSON)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;export;bpmn'= {
            cand -o 'Write the BPMN to FILE instead of standard output'
            cand --out 'Write the BPMN to FILE instead of standard output'
            cand -C 'Run as if started in DIR'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;export;prosimos'= {
            cand --load 'The workload profile to translate (TOML; see docs/load.md)'
            cand -o 'The folder to write SERVICE.bpmn and SERVICE.json into (made when missing)'
            cand --out 'The folder to write SERVICE.bpmn and SERVICE.json into (made when missing)'
            cand -C 'Run as if started in DIR'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;export;help'= {
            cand bpmn 'The process as BPMN 2.0 XML for Camunda 8 (opens in Camunda Modeler and bpmn.io with a laid-out diagram)'
            cand prosimos 'The process with a workload profile as a Prosimos simulation model (BPMN) and its parameters (JSON)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;export;help;bpmn'= {
        }
        &'ozg;export;help;prosimos'= {
        }
        &'ozg;export;help;help'= {
        }
        &'ozg;serve'= {
            cand --data 'Folder for the platform''s database (created if missing)'
            cand --listen 'Address and port to listen on'
            cand --now 'Fix the platform''s clock at this instant (RFC 3339, e.g. 2026-02-07T09:00:00+01:00); for demonstrations and tests'
            cand --max-body 'Largest request body accepted, in bytes'
            cand --request-timeout 'Seconds a request may take before it is answered with 408'
            cand --retention-every 'Seconds between two checks for closed cases whose retention period has passed'
            cand --test-clock 'Let an admin token set the clock with PUT /api/v1/clock (starts at --now or the system time). Never use this in production'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand token 'Manage the platform''s access tokens'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;serve;token'= {
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Make a token and print its secret (shown only this once)'
            cand revoke 'Revoke a token: it stops working at once'
            cand list 'List the tokens, active and revoked (never their secrets)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;serve;token;add'= {
            cand --scope 'What the token may do; repeat for several'
            cand --data 'The platform''s data folder'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;serve;token;revoke'= {
            cand --data 'data'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;serve;token;list'= {
            cand --data 'data'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;serve;token;help'= {
            cand add 'Make a token and print its secret (shown only this once)'
            cand revoke 'Revoke a token: it stops working at once'
            cand list 'List the tokens, active and revoked (never their secrets)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;serve;token;help;add'= {
        }
        &'ozg;serve;token;help;revoke'= {
        }
        &'ozg;serve;token;help;list'= {
        }
        &'ozg;serve;token;help;help'= {
        }
        &'ozg;serve;help'= {
            cand token 'Manage the platform''s access tokens'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;serve;help;token'= {
            cand add 'Make a token and print its secret (shown only this once)'
            cand revoke 'Revoke a token: it stops working at once'
            cand list 'List the tokens, active and revoked (never their secrets)'
        }
        &'ozg;serve;help;token;add'= {
        }
        &'ozg;serve;help;token;revoke'= {
        }
        &'ozg;serve;help;token;list'= {
        }
        &'ozg;serve;help;help'= {
        }
        &'ozg;publish'= {
            cand --target 'A platform named under [targets] in ozg.toml'
            cand --url 'The platform''s address; the token is read from `OZG_TOKEN`'
            cand -C 'Run as if started in DIR'
            cand --format 'How to write the result'
            cand --retries 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)'
            cand --timeout 'Seconds one request may take'
            cand --plan-out 'Save the plan to FILE instead of publishing; apply it later with --plan FILE'
            cand --plan 'Apply exactly the plan saved in FILE (refused when the files or the platform have changed since)'
            cand --remove 'Take a service off the platform (repeat for several); a service is never removed just because its folder is gone'
            cand --author 'Who made the change (default: the author of the last commit)'
            cand -m 'Why (default: the first line of the last commit''s message)'
            cand --message 'Why (default: the first line of the last commit''s message)'
            cand -y 'Publish without asking (for pipelines)'
            cand --yes 'Publish without asking (for pipelines)'
            cand --dry-run 'Let the platform check the bundle and show the plan; publish nothing'
            cand --allow-dirty 'Publish files that differ from the last commit, or outside git'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;releases'= {
            cand --target 'A platform named under [targets] in ozg.toml'
            cand --url 'The platform''s address; the token is read from `OZG_TOKEN`'
            cand -C 'Run as if started in DIR'
            cand --format 'How to write the result'
            cand --retries 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)'
            cand --timeout 'Seconds one request may take'
            cand --limit 'How many releases to show, newest first'
            cand --before 'Show only releases older than this one'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;rollback'= {
            cand --target 'A platform named under [targets] in ozg.toml'
            cand --url 'The platform''s address; the token is read from `OZG_TOKEN`'
            cand -C 'Run as if started in DIR'
            cand --format 'How to write the result'
            cand --retries 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)'
            cand --timeout 'Seconds one request may take'
            cand --to 'The release whose content becomes current again'
            cand --author 'Who rolls back (default: the token''s name)'
            cand -m 'Why'
            cand --message 'Why'
            cand -y 'Roll back without asking (for pipelines)'
            cand --yes 'Roll back without asking (for pipelines)'
            cand --dry-run 'Only show what would change back'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;status'= {
            cand --target 'A platform named under [targets] in ozg.toml'
            cand --url 'The platform''s address; the token is read from `OZG_TOKEN`'
            cand -C 'Run as if started in DIR'
            cand --format 'How to write the result'
            cand --retries 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)'
            cand --timeout 'Seconds one request may take'
            cand --exit-code 'Exit with 1 when the platform and the commit differ (a publish is due), 0 when they agree'
            cand -q 'Print only errors: no warnings, no summary'
            cand --quiet 'Print only errors: no warnings, no summary'
            cand -v 'Also print, on standard error, which files were read and how long each stage took'
            cand --verbose 'Also print, on standard error, which files were read and how long each stage took'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ozg;help'= {
            cand lint 'Check model repositories: files, references, process, expressions and legal metadata'
            cand eval 'Evaluate a FEEL expression and print its value'
            cand test 'Run the scenarios of services and compare them with what they expect'
            cand deadline 'Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB)'
            cand explain 'Explain a lint rule: what it checks, why, and how to fix a finding'
            cand diff 'Show what a change of the models changes: fees, deadlines, fields and steps, from what to what, from which date'
            cand graph 'Draw a service''s process: steps by kind, roles, deadlines, and guards on the transitions'
            cand completions 'Print a completion script for your shell'
            cand import 'Create model files from forms described elsewhere'
            cand simulate 'Simulate one case of a service and show it as a timeline: steps, decisions, deadlines with their end dates, notifications, fees and the outcome'
            cand export 'Write a service in the format of another tool'
            cand serve 'Run the reference platform: receive releases, activate service versions on their dates, accept applications and run their cases'
            cand publish 'Publish the models to a platform: check them, show the platform''s plan of what changes, and apply it'
            cand releases 'Show the platform''s release history: who published what and when, from which commit, with which token, and the services each changed'
            cand rollback 'Make an earlier release''s content current again, as a new release'
            cand status 'Show what the platform serves against the last commit, service by service: in sync, not published, upcoming, only on the platform'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ozg;help;lint'= {
        }
        &'ozg;help;eval'= {
        }
        &'ozg;help;test'= {
        }
        &'ozg;help;deadline'= {
        }
        &'ozg;help;explain'= {
        }
        &'ozg;help;diff'= {
        }
        &'ozg;help;graph'= {
        }
        &'ozg;help;completions'= {
        }
        &'ozg;help;import'= {
            cand fim 'Import FIM XDatenfelder schemas (versions 1, 2 and 3) with their genericode code lists as service skeletons'
        }
        &'ozg;help;import;fim'= {
        }
        &'ozg;help;simulate'= {
        }
        &'ozg;help;export'= {
            cand bpmn 'The process as BPMN 2.0 XML for Camunda 8 (opens in Camunda Modeler and bpmn.io with a laid-out diagram)'
            cand prosimos 'The process with a workload profile as a Prosimos simulation model (BPMN) and its parameters (JSON)'
        }
        &'ozg;help;export;bpmn'= {
        }
        &'ozg;help;export;prosimos'= {
        }
        &'ozg;help;serve'= {
            cand token 'Manage the platform''s access tokens'
        }
        &'ozg;help;serve;token'= {
            cand add 'Make a token and print its secret (shown only this once)'
            cand revoke 'Revoke a token: it stops working at once'
            cand list 'List the tokens, active and revoked (never their secrets)'
        }
        &'ozg;help;serve;token;add'= {
        }
        &'ozg;help;serve;token;revoke'= {
        }
        &'ozg;help;serve;token;list'= {
        }
        &'ozg;help;publish'= {
        }
        &'ozg;help;releases'= {
        }
        &'ozg;help;rollback'= {
        }
        &'ozg;help;status'= {
        }
        &'ozg;help;help'= {
        }
    ]
    $completions[$command]
}
