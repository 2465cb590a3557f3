
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ozg' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ozg'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ozg' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check model repositories: files, references, process, expressions and legal metadata')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Evaluate a FEEL expression and print its value')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run the scenarios of services and compare them with what they expect')
            [CompletionResult]::new('deadline', 'deadline', [CompletionResultType]::ParameterValue, 'Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a lint rule: what it checks, why, and how to fix a finding')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what a change of the models changes: fees, deadlines, fields and steps, from what to what, from which date')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Draw a service''s process: steps by kind, roles, deadlines, and guards on the transitions')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a completion script for your shell')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create model files from forms described elsewhere')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Simulate one case of a service and show it as a timeline: steps, decisions, deadlines with their end dates, notifications, fees and the outcome')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a service in the format of another tool')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the reference platform: receive releases, activate service versions on their dates, accept applications and run their cases')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish the models to a platform: check them, show the platform''s plan of what changes, and apply it')
            [CompletionResult]::new('releases', 'releases', [CompletionResultType]::ParameterValue, 'Show the platform''s release history: who published what and when, from which commit, with which token, and the services each changed')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make an earlier release''s content current again, as a new release')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what the platform serves against the last commit, service by service: in sync, not published, upcoming, only on the platform')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ozg;lint' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the report')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Let warnings fail the run (exit code 1), like errors')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;eval' {
            [CompletionResult]::new('--var', '--var', [CompletionResultType]::ParameterName, 'A variable as NAME=VALUE, where VALUE is a FEEL literal (`--var age=30`, `--var birth_date=''date("1990-05-01")''`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;test' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the results')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the results to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the results to FILE instead of standard output')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Run only scenarios whose service or file name contains this text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;deadline' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Day of the event that starts the deadline, as YYYY-MM-DD')
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'Length of the deadline as an ISO 8601 duration: P14D (days), P2W (weeks), P3M (months), P1Y (years), or combined like P1Y2M10D')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Federal state whose public holidays apply: BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH or TH (DE-BY etc. also work)')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Which days count')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also explain how the end was found (human format)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also explain how the end was found (human format)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;explain' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;diff' {
            [CompletionResult]::new('--dirs', '--dirs', [CompletionResultType]::ParameterName, 'Compare two folders holding model repositories instead of git revisions')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the report')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--sample', '--sample', [CompletionResultType]::ParameterName, 'How many applications to generate per changed service (0: only the scenarios)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'The seed of the generated applications; the same seed gives the same report')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Exit with 1 when there are changes, 0 when there are none')
            [CompletionResult]::new('--cases', '--cases', [CompletionResultType]::ParameterName, 'Also run every changed service''s scenarios and generated applications against both versions, and report what comes out differently (outcome, path, fee total, deadline dates)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;graph' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'What to draw')
            [CompletionResult]::new('--diff', '--diff', [CompletionResultType]::ParameterName, 'Highlight what changed since this git revision: added green, removed red and dashed, changed orange')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the drawing to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the drawing to FILE instead of standard output')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;completions' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;import' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('fim', 'fim', [CompletionResultType]::ParameterValue, 'Import FIM XDatenfelder schemas (versions 1, 2 and 3) with their genericode code lists as service skeletons')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ozg;import;fim' {
            [CompletionResult]::new('--codelists', '--codelists', [CompletionResultType]::ParameterName, 'A folder with genericode code lists (may be given several times)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The model repository to write into')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Federal state whose public holidays apply (BW, BY, ... or DE-BW); needed unless the repository''s ozg.toml names one')
            [CompletionResult]::new('--authority', '--authority', [CompletionResultType]::ParameterName, 'The responsible authority')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The service id (one FILE only); by default made from the title')
            [CompletionResult]::new('--date', '--date', [CompletionResultType]::ParameterName, 'The day of the import, as YYYY-MM-DD; used as valid_from where FIM gives no date. Defaults to today in Germany')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace files that exist with other content')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;import;help' {
            [CompletionResult]::new('fim', 'fim', [CompletionResultType]::ParameterValue, 'Import FIM XDatenfelder schemas (versions 1, 2 and 3) with their genericode code lists as service skeletons')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ozg;import;help;fim' {
            break
        }
        'ozg;import;help;help' {
            break
        }
        'ozg;simulate' {
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'The model repository [default: the one the current folder lies in]')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The model repository [default: the one the current folder lies in]')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'A field''s value, read by the field''s type (4,85  31.12.2024  ja); entries of repeatable groups as dogs[1].breed=labrador; multiple choices as codes separated by commas')
            [CompletionResult]::new('--input-file', '--input-file', [CompletionResultType]::ParameterName, 'A scenario file (its input, submission date and events) or a JSON object of field values; --input values are applied on top')
            [CompletionResult]::new('--submitted', '--submitted', [CompletionResultType]::ParameterName, 'The day the application is submitted (2024-03-04 or 04.03.2024) [default: the scenario''s date, else today in Germany]')
            [CompletionResult]::new('--decide', '--decide', [CompletionResultType]::ParameterName, 'A decision in a task, on the next working day after the previous action unless a date is given; repeatable, applied in order')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'An event for a wait step, dated like --decide; repeatable')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'After the last action, let time pass until this day, so that deadlines that end before it expire')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the result')
            [CompletionResult]::new('--save-scenario', '--save-scenario', [CompletionResultType]::ParameterName, 'Write what was entered and what came out as a scenario file for `ozg test`')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The title of the saved scenario')
            [CompletionResult]::new('--load', '--load', [CompletionResultType]::ParameterName, 'Simulate the workload described by this profile (TOML; see docs/load.md) instead of a single case')
            [CompletionResult]::new('--cases', '--cases', [CompletionResultType]::ParameterName, 'How many applications to simulate [default: the profile''s, else 1000]')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed of the random numbers; the same seed gives the same results [default: the profile''s, else 0]')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Also write every activity of every case as CSV for process-mining tools to FILE')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;export' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('bpmn', 'bpmn', [CompletionResultType]::ParameterValue, 'The process as BPMN 2.0 XML for Camunda 8 (opens in Camunda Modeler and bpmn.io with a laid-out diagram)')
            [CompletionResult]::new('prosimos', 'prosimos', [CompletionResultType]::ParameterValue, 'The process with a workload profile as a Prosimos simulation model (BPMN) and its parameters (JSON)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ozg;export;bpmn' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the BPMN to FILE instead of standard output')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the BPMN to FILE instead of standard output')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;export;prosimos' {
            [CompletionResult]::new('--load', '--load', [CompletionResultType]::ParameterName, 'The workload profile to translate (TOML; see docs/load.md)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The folder to write SERVICE.bpmn and SERVICE.json into (made when missing)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The folder to write SERVICE.bpmn and SERVICE.json into (made when missing)')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;export;help' {
            [CompletionResult]::new('bpmn', 'bpmn', [CompletionResultType]::ParameterValue, 'The process as BPMN 2.0 XML for Camunda 8 (opens in Camunda Modeler and bpmn.io with a laid-out diagram)')
            [CompletionResult]::new('prosimos', 'prosimos', [CompletionResultType]::ParameterValue, 'The process with a workload profile as a Prosimos simulation model (BPMN) and its parameters (JSON)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ozg;export;help;bpmn' {
            break
        }
        'ozg;export;help;prosimos' {
            break
        }
        'ozg;export;help;help' {
            break
        }
        'ozg;serve' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Folder for the platform''s database (created if missing)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address and port to listen on')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Fix the platform''s clock at this instant (RFC 3339, e.g. 2026-02-07T09:00:00+01:00); for demonstrations and tests')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest request body accepted, in bytes')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Seconds a request may take before it is answered with 408')
            [CompletionResult]::new('--retention-every', '--retention-every', [CompletionResultType]::ParameterName, 'Seconds between two checks for closed cases whose retention period has passed')
            [CompletionResult]::new('--test-clock', '--test-clock', [CompletionResultType]::ParameterName, 'Let an admin token set the clock with PUT /api/v1/clock (starts at --now or the system time). Never use this in production')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Manage the platform''s access tokens')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ozg;serve;token' {
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a token and print its secret (shown only this once)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token: it stops working at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens, active and revoked (never their secrets)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ozg;serve;token;add' {
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'What the token may do; repeat for several')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'The platform''s data folder')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;serve;token;revoke' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'data')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;serve;token;list' {
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'data')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;serve;token;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a token and print its secret (shown only this once)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token: it stops working at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens, active and revoked (never their secrets)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ozg;serve;token;help;add' {
            break
        }
        'ozg;serve;token;help;revoke' {
            break
        }
        'ozg;serve;token;help;list' {
            break
        }
        'ozg;serve;token;help;help' {
            break
        }
        'ozg;serve;help' {
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Manage the platform''s access tokens')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ozg;serve;help;token' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a token and print its secret (shown only this once)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token: it stops working at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens, active and revoked (never their secrets)')
            break
        }
        'ozg;serve;help;token;add' {
            break
        }
        'ozg;serve;help;token;revoke' {
            break
        }
        'ozg;serve;help;token;list' {
            break
        }
        'ozg;serve;help;help' {
            break
        }
        'ozg;publish' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'A platform named under [targets] in ozg.toml')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The platform''s address; the token is read from `OZG_TOKEN`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the result')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request may take')
            [CompletionResult]::new('--plan-out', '--plan-out', [CompletionResultType]::ParameterName, 'Save the plan to FILE instead of publishing; apply it later with --plan FILE')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Apply exactly the plan saved in FILE (refused when the files or the platform have changed since)')
            [CompletionResult]::new('--remove', '--remove', [CompletionResultType]::ParameterName, 'Take a service off the platform (repeat for several); a service is never removed just because its folder is gone')
            [CompletionResult]::new('--author', '--author', [CompletionResultType]::ParameterName, 'Who made the change (default: the author of the last commit)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Why (default: the first line of the last commit''s message)')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Why (default: the first line of the last commit''s message)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Publish without asking (for pipelines)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Publish without asking (for pipelines)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Let the platform check the bundle and show the plan; publish nothing')
            [CompletionResult]::new('--allow-dirty', '--allow-dirty', [CompletionResultType]::ParameterName, 'Publish files that differ from the last commit, or outside git')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;releases' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'A platform named under [targets] in ozg.toml')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The platform''s address; the token is read from `OZG_TOKEN`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the result')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request may take')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many releases to show, newest first')
            [CompletionResult]::new('--before', '--before', [CompletionResultType]::ParameterName, 'Show only releases older than this one')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;rollback' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'A platform named under [targets] in ozg.toml')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The platform''s address; the token is read from `OZG_TOKEN`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the result')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request may take')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The release whose content becomes current again')
            [CompletionResult]::new('--author', '--author', [CompletionResultType]::ParameterName, 'Who rolls back (default: the token''s name)')
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Why')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'Why')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Roll back without asking (for pipelines)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Roll back without asking (for pipelines)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only show what would change back')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;status' {
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'A platform named under [targets] in ozg.toml')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The platform''s address; the token is read from `OZG_TOKEN`')
            [CompletionResult]::new('-C', '-C ', [CompletionResultType]::ParameterName, 'Run as if started in DIR')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to write the result')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'How often to try again a request that failed in a way that may pass (no connection, timeout, 408, 429, 502, 503, 504)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds one request may take')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Exit with 1 when the platform and the commit differ (a publish is due), 0 when they agree')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors: no warnings, no summary')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also print, on standard error, which files were read and how long each stage took')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ozg;help' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Check model repositories: files, references, process, expressions and legal metadata')
            [CompletionResult]::new('eval', 'eval', [CompletionResultType]::ParameterValue, 'Evaluate a FEEL expression and print its value')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run the scenarios of services and compare them with what they expect')
            [CompletionResult]::new('deadline', 'deadline', [CompletionResultType]::ParameterValue, 'Compute when a legal deadline ends (§ 31 VwVfG, §§ 187-193 BGB)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a lint rule: what it checks, why, and how to fix a finding')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show what a change of the models changes: fees, deadlines, fields and steps, from what to what, from which date')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Draw a service''s process: steps by kind, roles, deadlines, and guards on the transitions')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a completion script for your shell')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Create model files from forms described elsewhere')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Simulate one case of a service and show it as a timeline: steps, decisions, deadlines with their end dates, notifications, fees and the outcome')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a service in the format of another tool')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the reference platform: receive releases, activate service versions on their dates, accept applications and run their cases')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish the models to a platform: check them, show the platform''s plan of what changes, and apply it')
            [CompletionResult]::new('releases', 'releases', [CompletionResultType]::ParameterValue, 'Show the platform''s release history: who published what and when, from which commit, with which token, and the services each changed')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Make an earlier release''s content current again, as a new release')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show what the platform serves against the last commit, service by service: in sync, not published, upcoming, only on the platform')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ozg;help;lint' {
            break
        }
        'ozg;help;eval' {
            break
        }
        'ozg;help;test' {
            break
        }
        'ozg;help;deadline' {
            break
        }
        'ozg;help;explain' {
            break
        }
        'ozg;help;diff' {
            break
        }
        'ozg;help;graph' {
            break
        }
        'ozg;help;completions' {
            break
        }
        'ozg;help;import' {
            [CompletionResult]::new('fim', 'fim', [CompletionResultType]::ParameterValue, 'Import FIM XDatenfelder schemas (versions 1, 2 and 3) with their genericode code lists as service skeletons')
            break
        }
        'ozg;help;import;fim' {
            break
        }
        'ozg;help;simulate' {
            break
        }
        'ozg;help;export' {
            [CompletionResult]::new('bpmn', 'bpmn', [CompletionResultType]::ParameterValue, 'The process as BPMN 2.0 XML for Camunda 8 (opens in Camunda Modeler and bpmn.io with a laid-out diagram)')
            [CompletionResult]::new('prosimos', 'prosimos', [CompletionResultType]::ParameterValue, 'The process with a workload profile as a Prosimos simulation model (BPMN) and its parameters (JSON)')
            break
        }
        'ozg;help;export;bpmn' {
            break
        }
        'ozg;help;export;prosimos' {
            break
        }
        'ozg;help;serve' {
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Manage the platform''s access tokens')
            break
        }
        'ozg;help;serve;token' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a token and print its secret (shown only this once)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token: it stops working at once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the tokens, active and revoked (never their secrets)')
            break
        }
        'ozg;help;serve;token;add' {
            break
        }
        'ozg;help;serve;token;revoke' {
            break
        }
        'ozg;help;serve;token;list' {
            break
        }
        'ozg;help;publish' {
            break
        }
        'ozg;help;releases' {
            break
        }
        'ozg;help;rollback' {
            break
        }
        'ozg;help;status' {
            break
        }
        'ozg;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
