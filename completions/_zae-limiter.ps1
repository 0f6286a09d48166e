
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'zae-limiter' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'zae-limiter'
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
        'zae-limiter' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Create the limiter stack, or bring an existing one up to date')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete the limiter stack; the table and its data are kept unless --delete-data')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the stack''s status and the health of its parts')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Diagnose the limiter: every check of the troubleshooting guide, findings worst first with remedies')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Show the aggregator''s log lines and batch statistics; --follow keeps reading')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Show the tool''s and the deployed versions and the compatibility verdict')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Print the compatibility verdict only; the exit code tells scripts what to do')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Bring the deployed stack and aggregator to this tool''s version')
            [CompletionResult]::new('cfn-template', 'cfn-template', [CompletionResultType]::ParameterValue, 'Print the CloudFormation template that deploy uses')
            [CompletionResult]::new('lambda-export', 'lambda-export', [CompletionResultType]::ParameterValue, 'Write the aggregator''s Lambda deployment package')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every limiter stack in the region with its versions and verdict')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what deploy with these options would change; changes nothing')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Move the aggregator''s alias `live` back to an earlier published version')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Read an entity''s usage snapshots: one row per window and limit, newest first')
            [CompletionResult]::new('entity', 'entity', [CompletionResultType]::ParameterValue, 'Show, verify or reset what the table holds for one entity (its buckets, limits, parents)')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Take or list on-demand backups of the table')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore the table from a backup or a point in time, as a new limiter or in place')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Look at and replay the batches the aggregator parked in its dead-letter queue')
            [CompletionResult]::new('iam-policy', 'iam-policy', [CompletionResultType]::ParameterValue, 'Print the policy the aggregator''s role needs (for `deploy --no-iam`); changes nothing')
            [CompletionResult]::new('limits', 'limits', [CompletionResultType]::ParameterValue, 'Manage entities'' stored limits as a YAML file: export, plan, apply')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'List the audit trail of entity and limit changes, newest first')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions or the man page (used to generate completions/ and docs/)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'zae-limiter;deploy' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--snapshot-windows', '--snapshot-windows', [CompletionResultType]::ParameterName, 'Usage snapshot windows [default on create: hourly,daily]')
            [CompletionResult]::new('--retention-days', '--retention-days', [CompletionResultType]::ParameterName, 'Days usage snapshots are kept [default on create: 90]')
            [CompletionResult]::new('--pitr-recovery-days', '--pitr-recovery-days', [CompletionResultType]::ParameterName, 'Point-in-time recovery period, 1–35 days [default on create: 35]')
            [CompletionResult]::new('--log-retention-days', '--log-retention-days', [CompletionResultType]::ParameterName, 'Log retention in days, one of CloudWatch''s values [default on create: 30]')
            [CompletionResult]::new('--lambda-timeout', '--lambda-timeout', [CompletionResultType]::ParameterName, 'Aggregator timeout, 1–900 seconds [default on create: 60]')
            [CompletionResult]::new('--lambda-memory', '--lambda-memory', [CompletionResultType]::ParameterName, 'Aggregator memory, 128–10240 MB [default on create: 256]')
            [CompletionResult]::new('--alarm-sns-topic', '--alarm-sns-topic', [CompletionResultType]::ParameterName, 'SNS topic ARN the alarms notify ("" clears it)')
            [CompletionResult]::new('--lambda-duration-threshold-pct', '--lambda-duration-threshold-pct', [CompletionResultType]::ParameterName, 'Duration alarm threshold, 1–100 % of the timeout [default on create: 80]')
            [CompletionResult]::new('--permission-boundary', '--permission-boundary', [CompletionResultType]::ParameterName, 'IAM permission boundary for the role: a policy name or ARN')
            [CompletionResult]::new('--role-name-format', '--role-name-format', [CompletionResultType]::ParameterName, 'Role name format; `{}` stands for the default ZAEL-<name>-aggregator-role')
            [CompletionResult]::new('--aggregator-role-arn', '--aggregator-role-arn', [CompletionResultType]::ParameterName, 'The existing role the aggregator uses with --no-iam (trusted by Lambda; see `iam-policy`)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Stack tag KEY=VALUE (repeatable), propagated to the resources; KEY= removes one')
            [CompletionResult]::new('--keep-versions', '--keep-versions', [CompletionResultType]::ParameterName, 'Published aggregator versions to keep; older ones are deleted (never the live one or the one before it)')
            [CompletionResult]::new('--wait-timeout', '--wait-timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this many minutes (CloudFormation carries on)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--enable-aggregator', '--enable-aggregator', [CompletionResultType]::ParameterName, 'Deploy the aggregator Lambda [default on create]')
            [CompletionResult]::new('--no-aggregator', '--no-aggregator', [CompletionResultType]::ParameterName, 'Do not deploy the aggregator Lambda')
            [CompletionResult]::new('--enable-alarms', '--enable-alarms', [CompletionResultType]::ParameterName, 'Create the CloudWatch alarms [default on create]')
            [CompletionResult]::new('--no-alarms', '--no-alarms', [CompletionResultType]::ParameterName, 'Do not create CloudWatch alarms')
            [CompletionResult]::new('--deletion-protection', '--deletion-protection', [CompletionResultType]::ParameterName, 'Protect the table from deletion (DeleteTable refused) [default on create]')
            [CompletionResult]::new('--no-deletion-protection', '--no-deletion-protection', [CompletionResultType]::ParameterName, 'Allow the table to be deleted (`delete --delete-data` turns protection off itself)')
            [CompletionResult]::new('--enable-tracing', '--enable-tracing', [CompletionResultType]::ParameterName, 'Trace the aggregator with X-Ray (mode Active) and let its role write traces')
            [CompletionResult]::new('--no-tracing', '--no-tracing', [CompletionResultType]::ParameterName, 'Pass traces through without X-Ray (mode PassThrough) [default on create]')
            [CompletionResult]::new('--no-iam', '--no-iam', [CompletionResultType]::ParameterName, 'Create no IAM resource: the aggregator uses the role of --aggregator-role-arn')
            [CompletionResult]::new('--iam', '--iam', [CompletionResultType]::ParameterName, 'Let the stack create the aggregator''s role again (undoes --no-iam) [default on create]')
            [CompletionResult]::new('--no-backup', '--no-backup', [CompletionResultType]::ParameterName, 'Do not back up the table before changing an existing stack or adopting a table')
            [CompletionResult]::new('--continue-rollback', '--continue-rollback', [CompletionResultType]::ParameterName, 'With a stack in UPDATE_ROLLBACK_FAILED: continue its rollback, then deploy')
            [CompletionResult]::new('--no-rollback', '--no-rollback', [CompletionResultType]::ParameterName, 'When verification after shipping fails, leave the new version live instead of moving `live` back')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for CloudFormation to finish (the default)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Start the operation and return at once')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;delete' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--wait-timeout', '--wait-timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this many minutes (CloudFormation carries on)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--delete-data', '--delete-data', [CompletionResultType]::ParameterName, 'Also delete the table and ALL its data (rate-limit state, limits, usage)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for CloudFormation to finish (the default)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Start the operation and return at once')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;status' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;doctor' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The window metrics and logs are read over: 90s, 30m, 1h, 2d (at most 14d)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;logs' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The window read: 90s, 30m, 1h, 2d (at most 14d)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--errors', '--errors', [CompletionResultType]::ParameterName, 'Only error and warning lines, errors first')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'After the window, keep printing new lines as they arrive (Ctrl-C ends, exit 0); JSON lines with --output json')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'After the window, keep printing new lines as they arrive (Ctrl-C ends, exit 0); JSON lines with --output json')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;version' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;check' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;upgrade' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'With --all: how many stacks of a wave are upgraded at once')
            [CompletionResult]::new('--waves', '--waves', [CompletionResultType]::ParameterName, 'With --all: cumulative wave sizes, counts or % of the fleet [default: 1,10%,50%,100%]')
            [CompletionResult]::new('--canary', '--canary', [CompletionResultType]::ParameterName, 'With --all: the limiter upgraded first, alone')
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'With --all: only these limiters (comma-separated)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'With --all: leave these limiters out (comma-separated)')
            [CompletionResult]::new('--bake', '--bake', [CompletionResultType]::ParameterName, 'With --all: time to wait after each wave before its health gate (0, 45s, 5m, 1h) [default: 5m]')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'With --all: roll out region by region (comma-separated), stopping at the first that fails')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Stack tag KEY=VALUE to set (repeatable; KEY= removes one); other tags are kept')
            [CompletionResult]::new('--keep-versions', '--keep-versions', [CompletionResultType]::ParameterName, 'Published aggregator versions to keep; older ones are deleted (never the live one or the one before it)')
            [CompletionResult]::new('--wait-timeout', '--wait-timeout', [CompletionResultType]::ParameterName, 'Give up waiting after this many minutes (CloudFormation carries on)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--lambda-only', '--lambda-only', [CompletionResultType]::ParameterName, 'Only ship the function code and update the record; leave the stack alone')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Proceed even when current or when the compatibility check objects (says what it overrides)')
            [CompletionResult]::new('--no-backup', '--no-backup', [CompletionResultType]::ParameterName, 'Do not back up the table before changing the stack')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Upgrade every limiter stack (ZAEL-*) of the region in waves with health gates; --name is ignored')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'With --all: print the versions, refusals and waves; change nothing')
            [CompletionResult]::new('--no-rollback', '--no-rollback', [CompletionResultType]::ParameterName, 'When verification after shipping fails, leave the new version live instead of moving `live` back')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for CloudFormation to finish (the default)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Start the operation and return at once')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;cfn-template' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the template to FILE instead of stdout')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write the template to FILE instead of stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;lambda-export' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to write the zip')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Where to write the zip')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite FILE if it exists')
            [CompletionResult]::new('--info', '--info', [CompletionResultType]::ParameterName, 'Describe the package (files, size, SHA-256) without writing it')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;list' {
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many stacks to inspect at once')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only stacks carrying this tag (repeatable: every one must match); tables without a stack are left out')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;plan' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--snapshot-windows', '--snapshot-windows', [CompletionResultType]::ParameterName, 'Usage snapshot windows [default on create: hourly,daily]')
            [CompletionResult]::new('--retention-days', '--retention-days', [CompletionResultType]::ParameterName, 'Days usage snapshots are kept [default on create: 90]')
            [CompletionResult]::new('--pitr-recovery-days', '--pitr-recovery-days', [CompletionResultType]::ParameterName, 'Point-in-time recovery period, 1–35 days [default on create: 35]')
            [CompletionResult]::new('--log-retention-days', '--log-retention-days', [CompletionResultType]::ParameterName, 'Log retention in days, one of CloudWatch''s values [default on create: 30]')
            [CompletionResult]::new('--lambda-timeout', '--lambda-timeout', [CompletionResultType]::ParameterName, 'Aggregator timeout, 1–900 seconds [default on create: 60]')
            [CompletionResult]::new('--lambda-memory', '--lambda-memory', [CompletionResultType]::ParameterName, 'Aggregator memory, 128–10240 MB [default on create: 256]')
            [CompletionResult]::new('--alarm-sns-topic', '--alarm-sns-topic', [CompletionResultType]::ParameterName, 'SNS topic ARN the alarms notify ("" clears it)')
            [CompletionResult]::new('--lambda-duration-threshold-pct', '--lambda-duration-threshold-pct', [CompletionResultType]::ParameterName, 'Duration alarm threshold, 1–100 % of the timeout [default on create: 80]')
            [CompletionResult]::new('--permission-boundary', '--permission-boundary', [CompletionResultType]::ParameterName, 'IAM permission boundary for the role: a policy name or ARN')
            [CompletionResult]::new('--role-name-format', '--role-name-format', [CompletionResultType]::ParameterName, 'Role name format; `{}` stands for the default ZAEL-<name>-aggregator-role')
            [CompletionResult]::new('--aggregator-role-arn', '--aggregator-role-arn', [CompletionResultType]::ParameterName, 'The existing role the aggregator uses with --no-iam (trusted by Lambda; see `iam-policy`)')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Stack tag KEY=VALUE (repeatable), propagated to the resources; KEY= removes one')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--enable-aggregator', '--enable-aggregator', [CompletionResultType]::ParameterName, 'Deploy the aggregator Lambda [default on create]')
            [CompletionResult]::new('--no-aggregator', '--no-aggregator', [CompletionResultType]::ParameterName, 'Do not deploy the aggregator Lambda')
            [CompletionResult]::new('--enable-alarms', '--enable-alarms', [CompletionResultType]::ParameterName, 'Create the CloudWatch alarms [default on create]')
            [CompletionResult]::new('--no-alarms', '--no-alarms', [CompletionResultType]::ParameterName, 'Do not create CloudWatch alarms')
            [CompletionResult]::new('--deletion-protection', '--deletion-protection', [CompletionResultType]::ParameterName, 'Protect the table from deletion (DeleteTable refused) [default on create]')
            [CompletionResult]::new('--no-deletion-protection', '--no-deletion-protection', [CompletionResultType]::ParameterName, 'Allow the table to be deleted (`delete --delete-data` turns protection off itself)')
            [CompletionResult]::new('--enable-tracing', '--enable-tracing', [CompletionResultType]::ParameterName, 'Trace the aggregator with X-Ray (mode Active) and let its role write traces')
            [CompletionResult]::new('--no-tracing', '--no-tracing', [CompletionResultType]::ParameterName, 'Pass traces through without X-Ray (mode PassThrough) [default on create]')
            [CompletionResult]::new('--no-iam', '--no-iam', [CompletionResultType]::ParameterName, 'Create no IAM resource: the aggregator uses the role of --aggregator-role-arn')
            [CompletionResult]::new('--iam', '--iam', [CompletionResultType]::ParameterName, 'Let the stack create the aggregator''s role again (undoes --no-iam) [default on create]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;rollback' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--to-version', '--to-version', [CompletionResultType]::ParameterName, 'The published version to move `live` to (default: the one before the live version)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;usage' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--entity', '--entity', [CompletionResultType]::ParameterName, 'The entity whose usage to read (the client library''s entity id)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Only this resource')
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'Only this window')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only windows that end after this time: 2026-01-15T10:00:00Z, 2026-01-15, or an age such as 90m, 24h, 7d')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;entity' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Metadata, parents, children, stored limits, buckets with tokens available now, latest usage')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the entity''s items for integrity problems; exit 0 healthy, 7 warnings, 8 critical, 9 missing')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Delete the entity''s bucket items (the client recreates them full); nothing else is touched')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'zae-limiter;entity;show' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--entity', '--entity', [CompletionResultType]::ParameterName, 'The entity id (as the client library names it)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;entity;verify' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--entity', '--entity', [CompletionResultType]::ParameterName, 'The entity id (as the client library names it)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;entity;reset' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--entity', '--entity', [CompletionResultType]::ParameterName, 'The entity id (as the client library names it)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Only buckets of this resource')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only buckets of this limit name')
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'Who the audit event names (default: the caller''s identity from STS)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would be deleted; delete nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete without asking (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete without asking (required when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;entity;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Metadata, parents, children, stored limits, buckets with tokens available now, latest usage')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the entity''s items for integrity problems; exit 0 healthy, 7 warnings, 8 critical, 9 missing')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Delete the entity''s bucket items (the client recreates them full); nothing else is touched')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'zae-limiter;entity;help;show' {
            break
        }
        'zae-limiter;entity;help;verify' {
            break
        }
        'zae-limiter;entity;help;reset' {
            break
        }
        'zae-limiter;entity;help;help' {
            break
        }
        'zae-limiter;backup' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Take an on-demand backup of the table and print its ARN')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the table''s on-demand backups (newest first) and its point-in-time recovery window')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'zae-limiter;backup;create' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A word added to the backup''s name (letters, digits, ''-'', ''_'', ''.'')')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Return once AWS has started the backup instead of waiting until it is AVAILABLE')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;backup;list' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;backup;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Take an on-demand backup of the table and print its ARN')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the table''s on-demand backups (newest first) and its point-in-time recovery window')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'zae-limiter;backup;help;create' {
            break
        }
        'zae-limiter;backup;help;list' {
            break
        }
        'zae-limiter;backup;help;help' {
            break
        }
        'zae-limiter;restore' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--backup', '--backup', [CompletionResultType]::ParameterName, 'Restore this on-demand backup of the table (its ARN or its name; see `backup list`)')
            [CompletionResult]::new('--time', '--time', [CompletionResultType]::ParameterName, 'Restore the table as it was at this time (RFC 3339, e.g. 2026-01-15T10:00:00Z); needs point-in-time recovery')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Restore into a new table ZAEL-<NEW> (refused if it exists); `deploy --name NEW` then adopts it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--latest', '--latest', [CompletionResultType]::ParameterName, 'Restore the latest restorable time of point-in-time recovery')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Put the live table''s items back to the source''s, keeping the stack (safety backup first)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation of --in-place (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation of --in-place (required when stdin is not a terminal)')
            [CompletionResult]::new('--keep-side-table', '--keep-side-table', [CompletionResultType]::ParameterName, 'With --in-place: keep the side table the source was restored into')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;dlq' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List the parked batches (shard, sequence range, size, still in the stream?) without consuming them')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Replay each parked batch from the stream through the alias `live`; delete its message only when that succeeded')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'zae-limiter;dlq;show' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;dlq;redrive' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be replayed, kept or discarded; invoke nothing, delete nothing')
            [CompletionResult]::new('--discard-expired', '--discard-expired', [CompletionResultType]::ParameterName, 'Delete the messages whose records are no longer in the stream (asks first)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation of --discard-expired (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation of --discard-expired (required when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;dlq;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List the parked batches (shard, sequence range, size, still in the stream?) without consuming them')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Replay each parked batch from the stream through the alias `live`; delete its message only when that succeeded')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'zae-limiter;dlq;help;show' {
            break
        }
        'zae-limiter;dlq;help;redrive' {
            break
        }
        'zae-limiter;dlq;help;help' {
            break
        }
        'zae-limiter;iam-policy' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--enable-tracing', '--enable-tracing', [CompletionResultType]::ParameterName, 'Include the X-Ray statement (default: as the deployed stack has it; off before deploy)')
            [CompletionResult]::new('--no-tracing', '--no-tracing', [CompletionResultType]::ParameterName, 'Leave the X-Ray statement out')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;limits' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every entity''s metadata and stored limits as a limits file')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Validate a limits file and show what apply would change; changes nothing (exit 10 when changes are pending)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the table''s entities and limits match a limits file, with an audit event per change')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'zae-limiter;limits;export' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the file here instead of stdout')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the file here instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;limits;plan' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The limits file (YAML)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The limits file (YAML)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also remove limits and entity metadata that the file does not name (buckets and usage are kept)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;limits;apply' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The limits file (YAML)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The limits file (YAML)')
            [CompletionResult]::new('--principal', '--principal', [CompletionResultType]::ParameterName, 'Who to record in the audit events (default: the caller''s identity from STS)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also remove limits and entity metadata that the file does not name (buckets and usage are kept)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (required when stdin is not a terminal)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;limits;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every entity''s metadata and stored limits as a limits file')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Validate a limits file and show what apply would change; changes nothing (exit 10 when changes are pending)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the table''s entities and limits match a limits file, with an audit event per change')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'zae-limiter;limits;help;export' {
            break
        }
        'zae-limiter;limits;help;plan' {
            break
        }
        'zae-limiter;limits;help;apply' {
            break
        }
        'zae-limiter;limits;help;help' {
            break
        }
        'zae-limiter;audit' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS named profile')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)')
            [CompletionResult]::new('--entity', '--entity', [CompletionResultType]::ParameterName, 'Only this entity''s trail (one query instead of a table scan)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only events at or after this time: 2026-01-15T10:00:00Z, 2026-01-15, or an age such as 90m, 24h, 7d')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: text for people, json for scripts (one document on stdout)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;completions' {
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'zae-limiter;help' {
            [CompletionResult]::new('deploy', 'deploy', [CompletionResultType]::ParameterValue, 'Create the limiter stack, or bring an existing one up to date')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete the limiter stack; the table and its data are kept unless --delete-data')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the stack''s status and the health of its parts')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Diagnose the limiter: every check of the troubleshooting guide, findings worst first with remedies')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'Show the aggregator''s log lines and batch statistics; --follow keeps reading')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Show the tool''s and the deployed versions and the compatibility verdict')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Print the compatibility verdict only; the exit code tells scripts what to do')
            [CompletionResult]::new('upgrade', 'upgrade', [CompletionResultType]::ParameterValue, 'Bring the deployed stack and aggregator to this tool''s version')
            [CompletionResult]::new('cfn-template', 'cfn-template', [CompletionResultType]::ParameterValue, 'Print the CloudFormation template that deploy uses')
            [CompletionResult]::new('lambda-export', 'lambda-export', [CompletionResultType]::ParameterValue, 'Write the aggregator''s Lambda deployment package')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every limiter stack in the region with its versions and verdict')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what deploy with these options would change; changes nothing')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Move the aggregator''s alias `live` back to an earlier published version')
            [CompletionResult]::new('usage', 'usage', [CompletionResultType]::ParameterValue, 'Read an entity''s usage snapshots: one row per window and limit, newest first')
            [CompletionResult]::new('entity', 'entity', [CompletionResultType]::ParameterValue, 'Show, verify or reset what the table holds for one entity (its buckets, limits, parents)')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Take or list on-demand backups of the table')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Restore the table from a backup or a point in time, as a new limiter or in place')
            [CompletionResult]::new('dlq', 'dlq', [CompletionResultType]::ParameterValue, 'Look at and replay the batches the aggregator parked in its dead-letter queue')
            [CompletionResult]::new('iam-policy', 'iam-policy', [CompletionResultType]::ParameterValue, 'Print the policy the aggregator''s role needs (for `deploy --no-iam`); changes nothing')
            [CompletionResult]::new('limits', 'limits', [CompletionResultType]::ParameterValue, 'Manage entities'' stored limits as a YAML file: export, plan, apply')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'List the audit trail of entity and limit changes, newest first')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions or the man page (used to generate completions/ and docs/)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'zae-limiter;help;deploy' {
            break
        }
        'zae-limiter;help;delete' {
            break
        }
        'zae-limiter;help;status' {
            break
        }
        'zae-limiter;help;doctor' {
            break
        }
        'zae-limiter;help;logs' {
            break
        }
        'zae-limiter;help;version' {
            break
        }
        'zae-limiter;help;check' {
            break
        }
        'zae-limiter;help;upgrade' {
            break
        }
        'zae-limiter;help;cfn-template' {
            break
        }
        'zae-limiter;help;lambda-export' {
            break
        }
        'zae-limiter;help;list' {
            break
        }
        'zae-limiter;help;plan' {
            break
        }
        'zae-limiter;help;rollback' {
            break
        }
        'zae-limiter;help;usage' {
            break
        }
        'zae-limiter;help;entity' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Metadata, parents, children, stored limits, buckets with tokens available now, latest usage')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the entity''s items for integrity problems; exit 0 healthy, 7 warnings, 8 critical, 9 missing')
            [CompletionResult]::new('reset', 'reset', [CompletionResultType]::ParameterValue, 'Delete the entity''s bucket items (the client recreates them full); nothing else is touched')
            break
        }
        'zae-limiter;help;entity;show' {
            break
        }
        'zae-limiter;help;entity;verify' {
            break
        }
        'zae-limiter;help;entity;reset' {
            break
        }
        'zae-limiter;help;backup' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Take an on-demand backup of the table and print its ARN')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the table''s on-demand backups (newest first) and its point-in-time recovery window')
            break
        }
        'zae-limiter;help;backup;create' {
            break
        }
        'zae-limiter;help;backup;list' {
            break
        }
        'zae-limiter;help;restore' {
            break
        }
        'zae-limiter;help;dlq' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'List the parked batches (shard, sequence range, size, still in the stream?) without consuming them')
            [CompletionResult]::new('redrive', 'redrive', [CompletionResultType]::ParameterValue, 'Replay each parked batch from the stream through the alias `live`; delete its message only when that succeeded')
            break
        }
        'zae-limiter;help;dlq;show' {
            break
        }
        'zae-limiter;help;dlq;redrive' {
            break
        }
        'zae-limiter;help;iam-policy' {
            break
        }
        'zae-limiter;help;limits' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every entity''s metadata and stored limits as a limits file')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Validate a limits file and show what apply would change; changes nothing (exit 10 when changes are pending)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the table''s entities and limits match a limits file, with an audit event per change')
            break
        }
        'zae-limiter;help;limits;export' {
            break
        }
        'zae-limiter;help;limits;plan' {
            break
        }
        'zae-limiter;help;limits;apply' {
            break
        }
        'zae-limiter;help;audit' {
            break
        }
        'zae-limiter;help;completions' {
            break
        }
        'zae-limiter;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
