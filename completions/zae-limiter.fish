# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_zae_limiter_global_optspecs
    string join \n v/verbose h/help V/version
end

function __fish_zae_limiter_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_zae_limiter_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_zae_limiter_using_subcommand
    set -l cmd (__fish_zae_limiter_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "deploy" -d 'Create the limiter stack, or bring an existing one up to date'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "delete" -d 'Delete the limiter stack; the table and its data are kept unless --delete-data'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "status" -d 'Show the stack\'s status and the health of its parts'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "doctor" -d 'Diagnose the limiter: every check of the troubleshooting guide, findings worst first with remedies'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "logs" -d 'Show the aggregator\'s log lines and batch statistics; --follow keeps reading'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "version" -d 'Show the tool\'s and the deployed versions and the compatibility verdict'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "check" -d 'Print the compatibility verdict only; the exit code tells scripts what to do'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "upgrade" -d 'Bring the deployed stack and aggregator to this tool\'s version'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "cfn-template" -d 'Print the CloudFormation template that deploy uses'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "lambda-export" -d 'Write the aggregator\'s Lambda deployment package'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "list" -d 'List every limiter stack in the region with its versions and verdict'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "plan" -d 'Show what deploy with these options would change; changes nothing'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "rollback" -d 'Move the aggregator\'s alias `live` back to an earlier published version'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "usage" -d 'Read an entity\'s usage snapshots: one row per window and limit, newest first'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "entity" -d 'Show, verify or reset what the table holds for one entity (its buckets, limits, parents)'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "backup" -d 'Take or list on-demand backups of the table'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "restore" -d 'Restore the table from a backup or a point in time, as a new limiter or in place'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "dlq" -d 'Look at and replay the batches the aggregator parked in its dead-letter queue'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "iam-policy" -d 'Print the policy the aggregator\'s role needs (for `deploy --no-iam`); changes nothing'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "limits" -d 'Manage entities\' stored limits as a YAML file: export, plan, apply'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "audit" -d 'List the audit trail of entity and limit changes, newest first'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "completions" -d 'Print shell completions or the man page (used to generate completions/ and docs/)'
complete -c zae-limiter -n "__fish_zae_limiter_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l snapshot-windows -d 'Usage snapshot windows [default on create: hourly,daily]' -r -f -a "hourly\t'Hourly usage snapshots'
daily\t'Daily usage snapshots'
monthly\t'Monthly usage snapshots'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l retention-days -d 'Days usage snapshots are kept [default on create: 90]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l pitr-recovery-days -d 'Point-in-time recovery period, 1–35 days [default on create: 35]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l log-retention-days -d 'Log retention in days, one of CloudWatch\'s values [default on create: 30]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l lambda-timeout -d 'Aggregator timeout, 1–900 seconds [default on create: 60]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l lambda-memory -d 'Aggregator memory, 128–10240 MB [default on create: 256]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l alarm-sns-topic -d 'SNS topic ARN the alarms notify ("" clears it)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l lambda-duration-threshold-pct -d 'Duration alarm threshold, 1–100 % of the timeout [default on create: 80]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l permission-boundary -d 'IAM permission boundary for the role: a policy name or ARN' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l role-name-format -d 'Role name format; `{}` stands for the default ZAEL-<name>-aggregator-role' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l aggregator-role-arn -d 'The existing role the aggregator uses with --no-iam (trusted by Lambda; see `iam-policy`)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l tag -d 'Stack tag KEY=VALUE (repeatable), propagated to the resources; KEY= removes one' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l keep-versions -d 'Published aggregator versions to keep; older ones are deleted (never the live one or the one before it)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l wait-timeout -d 'Give up waiting after this many minutes (CloudFormation carries on)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l enable-aggregator -d 'Deploy the aggregator Lambda [default on create]'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l no-aggregator -d 'Do not deploy the aggregator Lambda'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l enable-alarms -d 'Create the CloudWatch alarms [default on create]'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l no-alarms -d 'Do not create CloudWatch alarms'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l deletion-protection -d 'Protect the table from deletion (DeleteTable refused) [default on create]'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l no-deletion-protection -d 'Allow the table to be deleted (`delete --delete-data` turns protection off itself)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l enable-tracing -d 'Trace the aggregator with X-Ray (mode Active) and let its role write traces'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l no-tracing -d 'Pass traces through without X-Ray (mode PassThrough) [default on create]'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l no-iam -d 'Create no IAM resource: the aggregator uses the role of --aggregator-role-arn'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l iam -d 'Let the stack create the aggregator\'s role again (undoes --no-iam) [default on create]'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l no-backup -d 'Do not back up the table before changing an existing stack or adopting a table'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l continue-rollback -d 'With a stack in UPDATE_ROLLBACK_FAILED: continue its rollback, then deploy'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l no-rollback -d 'When verification after shipping fails, leave the new version live instead of moving `live` back'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l wait -d 'Wait for CloudFormation to finish (the default)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -l no-wait -d 'Start the operation and return at once'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand deploy" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -l wait-timeout -d 'Give up waiting after this many minutes (CloudFormation carries on)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -l delete-data -d 'Also delete the table and ALL its data (rate-limit state, limits, usage)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -l wait -d 'Wait for CloudFormation to finish (the default)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -l no-wait -d 'Start the operation and return at once'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand delete" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand status" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand status" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand status" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand status" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand status" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand status" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand status" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand doctor" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand doctor" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand doctor" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand doctor" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand doctor" -l since -d 'The window metrics and logs are read over: 90s, 30m, 1h, 2d (at most 14d)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand doctor" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand doctor" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -l since -d 'The window read: 90s, 30m, 1h, 2d (at most 14d)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -l errors -d 'Only error and warning lines, errors first'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -s f -l follow -d 'After the window, keep printing new lines as they arrive (Ctrl-C ends, exit 0); JSON lines with --output json'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand logs" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand version" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand version" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand version" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand version" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand version" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand version" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand version" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand check" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand check" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand check" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand check" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand check" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand check" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand check" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l concurrency -d 'With --all: how many stacks of a wave are upgraded at once' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l waves -d 'With --all: cumulative wave sizes, counts or % of the fleet [default: 1,10%,50%,100%]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l canary -d 'With --all: the limiter upgraded first, alone' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l select -d 'With --all: only these limiters (comma-separated)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l exclude -d 'With --all: leave these limiters out (comma-separated)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l bake -d 'With --all: time to wait after each wave before its health gate (0, 45s, 5m, 1h) [default: 5m]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l regions -d 'With --all: roll out region by region (comma-separated), stopping at the first that fails' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l tag -d 'Stack tag KEY=VALUE to set (repeatable; KEY= removes one); other tags are kept' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l keep-versions -d 'Published aggregator versions to keep; older ones are deleted (never the live one or the one before it)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l wait-timeout -d 'Give up waiting after this many minutes (CloudFormation carries on)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l lambda-only -d 'Only ship the function code and update the record; leave the stack alone'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l force -d 'Proceed even when current or when the compatibility check objects (says what it overrides)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l no-backup -d 'Do not back up the table before changing the stack'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l all -d 'Upgrade every limiter stack (ZAEL-*) of the region in waves with health gates; --name is ignored'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l plan -d 'With --all: print the versions, refusals and waves; change nothing'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l no-rollback -d 'When verification after shipping fails, leave the new version live instead of moving `live` back'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l wait -d 'Wait for CloudFormation to finish (the default)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -l no-wait -d 'Start the operation and return at once'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand upgrade" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand cfn-template" -s o -l output-file -d 'Write the template to FILE instead of stdout' -r -F
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand cfn-template" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand cfn-template" -s h -l help -d 'Print help'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand cfn-template" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand lambda-export" -s o -l output-file -d 'Where to write the zip' -r -F
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand lambda-export" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand lambda-export" -l force -d 'Overwrite FILE if it exists'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand lambda-export" -l info -d 'Describe the package (files, size, SHA-256) without writing it'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand lambda-export" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand lambda-export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand lambda-export" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand list" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand list" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand list" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand list" -l concurrency -d 'How many stacks to inspect at once' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand list" -l tag -d 'Only stacks carrying this tag (repeatable: every one must match); tables without a stack are left out' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand list" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand list" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand list" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l snapshot-windows -d 'Usage snapshot windows [default on create: hourly,daily]' -r -f -a "hourly\t'Hourly usage snapshots'
daily\t'Daily usage snapshots'
monthly\t'Monthly usage snapshots'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l retention-days -d 'Days usage snapshots are kept [default on create: 90]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l pitr-recovery-days -d 'Point-in-time recovery period, 1–35 days [default on create: 35]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l log-retention-days -d 'Log retention in days, one of CloudWatch\'s values [default on create: 30]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l lambda-timeout -d 'Aggregator timeout, 1–900 seconds [default on create: 60]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l lambda-memory -d 'Aggregator memory, 128–10240 MB [default on create: 256]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l alarm-sns-topic -d 'SNS topic ARN the alarms notify ("" clears it)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l lambda-duration-threshold-pct -d 'Duration alarm threshold, 1–100 % of the timeout [default on create: 80]' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l permission-boundary -d 'IAM permission boundary for the role: a policy name or ARN' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l role-name-format -d 'Role name format; `{}` stands for the default ZAEL-<name>-aggregator-role' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l aggregator-role-arn -d 'The existing role the aggregator uses with --no-iam (trusted by Lambda; see `iam-policy`)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l tag -d 'Stack tag KEY=VALUE (repeatable), propagated to the resources; KEY= removes one' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l enable-aggregator -d 'Deploy the aggregator Lambda [default on create]'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l no-aggregator -d 'Do not deploy the aggregator Lambda'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l enable-alarms -d 'Create the CloudWatch alarms [default on create]'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l no-alarms -d 'Do not create CloudWatch alarms'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l deletion-protection -d 'Protect the table from deletion (DeleteTable refused) [default on create]'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l no-deletion-protection -d 'Allow the table to be deleted (`delete --delete-data` turns protection off itself)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l enable-tracing -d 'Trace the aggregator with X-Ray (mode Active) and let its role write traces'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l no-tracing -d 'Pass traces through without X-Ray (mode PassThrough) [default on create]'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l no-iam -d 'Create no IAM resource: the aggregator uses the role of --aggregator-role-arn'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -l iam -d 'Let the stack create the aggregator\'s role again (undoes --no-iam) [default on create]'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand plan" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand rollback" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand rollback" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand rollback" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand rollback" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand rollback" -l to-version -d 'The published version to move `live` to (default: the one before the live version)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand rollback" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand rollback" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand rollback" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand rollback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand rollback" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -l entity -d 'The entity whose usage to read (the client library\'s entity id)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -l resource -d 'Only this resource' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -l window -d 'Only this window' -r -f -a "hourly\t'Hourly usage snapshots'
daily\t'Daily usage snapshots'
monthly\t'Monthly usage snapshots'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -l since -d 'Only windows that end after this time: 2026-01-15T10:00:00Z, 2026-01-15, or an age such as 90m, 24h, 7d' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand usage" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and not __fish_seen_subcommand_from show verify reset help" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and not __fish_seen_subcommand_from show verify reset help" -s h -l help -d 'Print help'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and not __fish_seen_subcommand_from show verify reset help" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and not __fish_seen_subcommand_from show verify reset help" -f -a "show" -d 'Metadata, parents, children, stored limits, buckets with tokens available now, latest usage'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and not __fish_seen_subcommand_from show verify reset help" -f -a "verify" -d 'Check the entity\'s items for integrity problems; exit 0 healthy, 7 warnings, 8 critical, 9 missing'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and not __fish_seen_subcommand_from show verify reset help" -f -a "reset" -d 'Delete the entity\'s bucket items (the client recreates them full); nothing else is touched'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and not __fish_seen_subcommand_from show verify reset help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from show" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from show" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from show" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from show" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from show" -l entity -d 'The entity id (as the client library names it)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from show" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from verify" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from verify" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from verify" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from verify" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from verify" -l entity -d 'The entity id (as the client library names it)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from verify" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -l entity -d 'The entity id (as the client library names it)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -l resource -d 'Only buckets of this resource' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -l limit -d 'Only buckets of this limit name' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -l principal -d 'Who the audit event names (default: the caller\'s identity from STS)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -l dry-run -d 'Print what would be deleted; delete nothing'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -s y -l yes -d 'Delete without asking (required when stdin is not a terminal)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from reset" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from help" -f -a "show" -d 'Metadata, parents, children, stored limits, buckets with tokens available now, latest usage'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the entity\'s items for integrity problems; exit 0 healthy, 7 warnings, 8 critical, 9 missing'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Delete the entity\'s bucket items (the client recreates them full); nothing else is touched'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand entity; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and not __fish_seen_subcommand_from create list help" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and not __fish_seen_subcommand_from create list help" -s h -l help -d 'Print help'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and not __fish_seen_subcommand_from create list help" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and not __fish_seen_subcommand_from create list help" -f -a "create" -d 'Take an on-demand backup of the table and print its ARN'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and not __fish_seen_subcommand_from create list help" -f -a "list" -d 'List the table\'s on-demand backups (newest first) and its point-in-time recovery window'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and not __fish_seen_subcommand_from create list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from create" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from create" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from create" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from create" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from create" -l label -d 'A word added to the backup\'s name (letters, digits, \'-\', \'_\', \'.\')' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from create" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from create" -l no-wait -d 'Return once AWS has started the backup instead of waiting until it is AVAILABLE'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from list" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from list" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from list" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from list" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from list" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "create" -d 'Take an on-demand backup of the table and print its ARN'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the table\'s on-demand backups (newest first) and its point-in-time recovery window'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -l backup -d 'Restore this on-demand backup of the table (its ARN or its name; see `backup list`)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -l time -d 'Restore the table as it was at this time (RFC 3339, e.g. 2026-01-15T10:00:00Z); needs point-in-time recovery' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -l as -d 'Restore into a new table ZAEL-<NEW> (refused if it exists); `deploy --name NEW` then adopts it' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -l latest -d 'Restore the latest restorable time of point-in-time recovery'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -l in-place -d 'Put the live table\'s items back to the source\'s, keeping the stack (safety backup first)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -s y -l yes -d 'Do not ask for confirmation of --in-place (required when stdin is not a terminal)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -l keep-side-table -d 'With --in-place: keep the side table the source was restored into'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand restore" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -s h -l help -d 'Print help'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -f -a "show" -d 'List the parked batches (shard, sequence range, size, still in the stream?) without consuming them'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -f -a "redrive" -d 'Replay each parked batch from the stream through the alias `live`; delete its message only when that succeeded'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and not __fish_seen_subcommand_from show redrive help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from show" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from show" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from show" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from show" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from show" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l dry-run -d 'Show what would be replayed, kept or discarded; invoke nothing, delete nothing'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -l discard-expired -d 'Delete the messages whose records are no longer in the stream (asks first)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s y -l yes -d 'Do not ask for confirmation of --discard-expired (required when stdin is not a terminal)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from redrive" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "show" -d 'List the parked batches (shard, sequence range, size, still in the stream?) without consuming them'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "redrive" -d 'Replay each parked batch from the stream through the alias `live`; delete its message only when that succeeded'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand dlq; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand iam-policy" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand iam-policy" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand iam-policy" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand iam-policy" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand iam-policy" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand iam-policy" -l enable-tracing -d 'Include the X-Ray statement (default: as the deployed stack has it; off before deploy)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand iam-policy" -l no-tracing -d 'Leave the X-Ray statement out'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand iam-policy" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand iam-policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand iam-policy" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and not __fish_seen_subcommand_from export plan apply help" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and not __fish_seen_subcommand_from export plan apply help" -s h -l help -d 'Print help'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and not __fish_seen_subcommand_from export plan apply help" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and not __fish_seen_subcommand_from export plan apply help" -f -a "export" -d 'Write every entity\'s metadata and stored limits as a limits file'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and not __fish_seen_subcommand_from export plan apply help" -f -a "plan" -d 'Validate a limits file and show what apply would change; changes nothing (exit 10 when changes are pending)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and not __fish_seen_subcommand_from export plan apply help" -f -a "apply" -d 'Make the table\'s entities and limits match a limits file, with an audit event per change'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and not __fish_seen_subcommand_from export plan apply help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from export" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from export" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from export" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from export" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from export" -s o -l out -d 'Write the file here instead of stdout' -r -F
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from export" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from plan" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from plan" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from plan" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from plan" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from plan" -s f -l file -d 'The limits file (YAML)' -r -F
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from plan" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from plan" -l prune -d 'Also remove limits and entity metadata that the file does not name (buckets and usage are kept)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from plan" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from plan" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -s f -l file -d 'The limits file (YAML)' -r -F
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -l principal -d 'Who to record in the audit events (default: the caller\'s identity from STS)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -l prune -d 'Also remove limits and entity metadata that the file does not name (buckets and usage are kept)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -s y -l yes -d 'Do not ask for confirmation (required when stdin is not a terminal)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from apply" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write every entity\'s metadata and stored limits as a limits file'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from help" -f -a "plan" -d 'Validate a limits file and show what apply would change; changes nothing (exit 10 when changes are pending)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Make the table\'s entities and limits match a limits file, with an audit event per change'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand limits; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand audit" -s n -l name -d 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand audit" -l region -d 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile\'s region)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand audit" -l profile -d 'AWS named profile' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand audit" -l endpoint-url -d 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand audit" -l entity -d 'Only this entity\'s trail (one query instead of a table scan)' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand audit" -l since -d 'Only events at or after this time: 2026-01-15T10:00:00Z, 2026-01-15, or an age such as 90m, 24h, 7d' -r
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand audit" -l output -d 'Output format: text for people, json for scripts (one document on stdout)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document on stdout'"
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand audit" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand audit" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand completions" -s v -l verbose -d 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand completions" -s V -l version -d 'Print version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "deploy" -d 'Create the limiter stack, or bring an existing one up to date'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "delete" -d 'Delete the limiter stack; the table and its data are kept unless --delete-data'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "status" -d 'Show the stack\'s status and the health of its parts'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "doctor" -d 'Diagnose the limiter: every check of the troubleshooting guide, findings worst first with remedies'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "logs" -d 'Show the aggregator\'s log lines and batch statistics; --follow keeps reading'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "version" -d 'Show the tool\'s and the deployed versions and the compatibility verdict'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "check" -d 'Print the compatibility verdict only; the exit code tells scripts what to do'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "upgrade" -d 'Bring the deployed stack and aggregator to this tool\'s version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "cfn-template" -d 'Print the CloudFormation template that deploy uses'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "lambda-export" -d 'Write the aggregator\'s Lambda deployment package'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "list" -d 'List every limiter stack in the region with its versions and verdict'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "plan" -d 'Show what deploy with these options would change; changes nothing'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "rollback" -d 'Move the aggregator\'s alias `live` back to an earlier published version'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "usage" -d 'Read an entity\'s usage snapshots: one row per window and limit, newest first'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "entity" -d 'Show, verify or reset what the table holds for one entity (its buckets, limits, parents)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "backup" -d 'Take or list on-demand backups of the table'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "restore" -d 'Restore the table from a backup or a point in time, as a new limiter or in place'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "dlq" -d 'Look at and replay the batches the aggregator parked in its dead-letter queue'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "iam-policy" -d 'Print the policy the aggregator\'s role needs (for `deploy --no-iam`); changes nothing'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "limits" -d 'Manage entities\' stored limits as a YAML file: export, plan, apply'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "audit" -d 'List the audit trail of entity and limit changes, newest first'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "completions" -d 'Print shell completions or the man page (used to generate completions/ and docs/)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and not __fish_seen_subcommand_from deploy delete status doctor logs version check upgrade cfn-template lambda-export list plan rollback usage entity backup restore dlq iam-policy limits audit completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and __fish_seen_subcommand_from entity" -f -a "show" -d 'Metadata, parents, children, stored limits, buckets with tokens available now, latest usage'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and __fish_seen_subcommand_from entity" -f -a "verify" -d 'Check the entity\'s items for integrity problems; exit 0 healthy, 7 warnings, 8 critical, 9 missing'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and __fish_seen_subcommand_from entity" -f -a "reset" -d 'Delete the entity\'s bucket items (the client recreates them full); nothing else is touched'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "create" -d 'Take an on-demand backup of the table and print its ARN'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "list" -d 'List the table\'s on-demand backups (newest first) and its point-in-time recovery window'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "show" -d 'List the parked batches (shard, sequence range, size, still in the stream?) without consuming them'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and __fish_seen_subcommand_from dlq" -f -a "redrive" -d 'Replay each parked batch from the stream through the alias `live`; delete its message only when that succeeded'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and __fish_seen_subcommand_from limits" -f -a "export" -d 'Write every entity\'s metadata and stored limits as a limits file'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and __fish_seen_subcommand_from limits" -f -a "plan" -d 'Validate a limits file and show what apply would change; changes nothing (exit 10 when changes are pending)'
complete -c zae-limiter -n "__fish_zae_limiter_using_subcommand help; and __fish_seen_subcommand_from limits" -f -a "apply" -d 'Make the table\'s entities and limits match a limits file, with an audit event per change'
