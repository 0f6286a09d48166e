
use builtin;
use str;

set edit:completion:arg-completer[zae-limiter] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'zae-limiter'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'zae-limiter'= {
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand deploy 'Create the limiter stack, or bring an existing one up to date'
            cand delete 'Delete the limiter stack; the table and its data are kept unless --delete-data'
            cand status 'Show the stack''s status and the health of its parts'
            cand doctor 'Diagnose the limiter: every check of the troubleshooting guide, findings worst first with remedies'
            cand logs 'Show the aggregator''s log lines and batch statistics; --follow keeps reading'
            cand version 'Show the tool''s and the deployed versions and the compatibility verdict'
            cand check 'Print the compatibility verdict only; the exit code tells scripts what to do'
            cand upgrade 'Bring the deployed stack and aggregator to this tool''s version'
            cand cfn-template 'Print the CloudFormation template that deploy uses'
            cand lambda-export 'Write the aggregator''s Lambda deployment package'
            cand list 'List every limiter stack in the region with its versions and verdict'
            cand plan 'Show what deploy with these options would change; changes nothing'
            cand rollback 'Move the aggregator''s alias `live` back to an earlier published version'
            cand usage 'Read an entity''s usage snapshots: one row per window and limit, newest first'
            cand entity 'Show, verify or reset what the table holds for one entity (its buckets, limits, parents)'
            cand backup 'Take or list on-demand backups of the table'
            cand restore 'Restore the table from a backup or a point in time, as a new limiter or in place'
            cand dlq 'Look at and replay the batches the aggregator parked in its dead-letter queue'
            cand iam-policy 'Print the policy the aggregator''s role needs (for `deploy --no-iam`); changes nothing'
            cand limits 'Manage entities'' stored limits as a YAML file: export, plan, apply'
            cand audit 'List the audit trail of entity and limit changes, newest first'
            cand completions 'Print shell completions or the man page (used to generate completions/ and docs/)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'zae-limiter;deploy'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --snapshot-windows 'Usage snapshot windows [default on create: hourly,daily]'
            cand --retention-days 'Days usage snapshots are kept [default on create: 90]'
            cand --pitr-recovery-days 'Point-in-time recovery period, 1–35 days [default on create: 35]'
            cand --log-retention-days 'Log retention in days, one of CloudWatch''s values [default on create: 30]'
            cand --lambda-timeout 'Aggregator timeout, 1–900 seconds [default on create: 60]'
            cand --lambda-memory 'Aggregator memory, 128–10240 MB [default on create: 256]'
            cand --alarm-sns-topic 'SNS topic ARN the alarms notify ("" clears it)'
            cand --lambda-duration-threshold-pct 'Duration alarm threshold, 1–100 % of the timeout [default on create: 80]'
            cand --permission-boundary 'IAM permission boundary for the role: a policy name or ARN'
            cand --role-name-format 'Role name format; `{}` stands for the default ZAEL-<name>-aggregator-role'
            cand --aggregator-role-arn 'The existing role the aggregator uses with --no-iam (trusted by Lambda; see `iam-policy`)'
            cand --tag 'Stack tag KEY=VALUE (repeatable), propagated to the resources; KEY= removes one'
            cand --keep-versions 'Published aggregator versions to keep; older ones are deleted (never the live one or the one before it)'
            cand --wait-timeout 'Give up waiting after this many minutes (CloudFormation carries on)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --enable-aggregator 'Deploy the aggregator Lambda [default on create]'
            cand --no-aggregator 'Do not deploy the aggregator Lambda'
            cand --enable-alarms 'Create the CloudWatch alarms [default on create]'
            cand --no-alarms 'Do not create CloudWatch alarms'
            cand --deletion-protection 'Protect the table from deletion (DeleteTable refused) [default on create]'
            cand --no-deletion-protection 'Allow the table to be deleted (`delete --delete-data` turns protection off itself)'
            cand --enable-tracing 'Trace the aggregator with X-Ray (mode Active) and let its role write traces'
            cand --no-tracing 'Pass traces through without X-Ray (mode PassThrough) [default on create]'
            cand --no-iam 'Create no IAM resource: the aggregator uses the role of --aggregator-role-arn'
            cand --iam 'Let the stack create the aggregator''s role again (undoes --no-iam) [default on create]'
            cand --no-backup 'Do not back up the table before changing an existing stack or adopting a table'
            cand --continue-rollback 'With a stack in UPDATE_ROLLBACK_FAILED: continue its rollback, then deploy'
            cand --no-rollback 'When verification after shipping fails, leave the new version live instead of moving `live` back'
            cand --wait 'Wait for CloudFormation to finish (the default)'
            cand --no-wait 'Start the operation and return at once'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;delete'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --wait-timeout 'Give up waiting after this many minutes (CloudFormation carries on)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --delete-data 'Also delete the table and ALL its data (rate-limit state, limits, usage)'
            cand --wait 'Wait for CloudFormation to finish (the default)'
            cand --no-wait 'Start the operation and return at once'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;status'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;doctor'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --since 'The window metrics and logs are read over: 90s, 30m, 1h, 2d (at most 14d)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;logs'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --since 'The window read: 90s, 30m, 1h, 2d (at most 14d)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --errors 'Only error and warning lines, errors first'
            cand -f 'After the window, keep printing new lines as they arrive (Ctrl-C ends, exit 0); JSON lines with --output json'
            cand --follow 'After the window, keep printing new lines as they arrive (Ctrl-C ends, exit 0); JSON lines with --output json'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;version'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;check'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;upgrade'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --concurrency 'With --all: how many stacks of a wave are upgraded at once'
            cand --waves 'With --all: cumulative wave sizes, counts or % of the fleet [default: 1,10%,50%,100%]'
            cand --canary 'With --all: the limiter upgraded first, alone'
            cand --select 'With --all: only these limiters (comma-separated)'
            cand --exclude 'With --all: leave these limiters out (comma-separated)'
            cand --bake 'With --all: time to wait after each wave before its health gate (0, 45s, 5m, 1h) [default: 5m]'
            cand --regions 'With --all: roll out region by region (comma-separated), stopping at the first that fails'
            cand --tag 'Stack tag KEY=VALUE to set (repeatable; KEY= removes one); other tags are kept'
            cand --keep-versions 'Published aggregator versions to keep; older ones are deleted (never the live one or the one before it)'
            cand --wait-timeout 'Give up waiting after this many minutes (CloudFormation carries on)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --lambda-only 'Only ship the function code and update the record; leave the stack alone'
            cand --force 'Proceed even when current or when the compatibility check objects (says what it overrides)'
            cand --no-backup 'Do not back up the table before changing the stack'
            cand --all 'Upgrade every limiter stack (ZAEL-*) of the region in waves with health gates; --name is ignored'
            cand --plan 'With --all: print the versions, refusals and waves; change nothing'
            cand --no-rollback 'When verification after shipping fails, leave the new version live instead of moving `live` back'
            cand --wait 'Wait for CloudFormation to finish (the default)'
            cand --no-wait 'Start the operation and return at once'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;cfn-template'= {
            cand -o 'Write the template to FILE instead of stdout'
            cand --output-file 'Write the template to FILE instead of stdout'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;lambda-export'= {
            cand -o 'Where to write the zip'
            cand --output-file 'Where to write the zip'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --force 'Overwrite FILE if it exists'
            cand --info 'Describe the package (files, size, SHA-256) without writing it'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;list'= {
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --concurrency 'How many stacks to inspect at once'
            cand --tag 'Only stacks carrying this tag (repeatable: every one must match); tables without a stack are left out'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;plan'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --snapshot-windows 'Usage snapshot windows [default on create: hourly,daily]'
            cand --retention-days 'Days usage snapshots are kept [default on create: 90]'
            cand --pitr-recovery-days 'Point-in-time recovery period, 1–35 days [default on create: 35]'
            cand --log-retention-days 'Log retention in days, one of CloudWatch''s values [default on create: 30]'
            cand --lambda-timeout 'Aggregator timeout, 1–900 seconds [default on create: 60]'
            cand --lambda-memory 'Aggregator memory, 128–10240 MB [default on create: 256]'
            cand --alarm-sns-topic 'SNS topic ARN the alarms notify ("" clears it)'
            cand --lambda-duration-threshold-pct 'Duration alarm threshold, 1–100 % of the timeout [default on create: 80]'
            cand --permission-boundary 'IAM permission boundary for the role: a policy name or ARN'
            cand --role-name-format 'Role name format; `{}` stands for the default ZAEL-<name>-aggregator-role'
            cand --aggregator-role-arn 'The existing role the aggregator uses with --no-iam (trusted by Lambda; see `iam-policy`)'
            cand --tag 'Stack tag KEY=VALUE (repeatable), propagated to the resources; KEY= removes one'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --enable-aggregator 'Deploy the aggregator Lambda [default on create]'
            cand --no-aggregator 'Do not deploy the aggregator Lambda'
            cand --enable-alarms 'Create the CloudWatch alarms [default on create]'
            cand --no-alarms 'Do not create CloudWatch alarms'
            cand --deletion-protection 'Protect the table from deletion (DeleteTable refused) [default on create]'
            cand --no-deletion-protection 'Allow the table to be deleted (`delete --delete-data` turns protection off itself)'
            cand --enable-tracing 'Trace the aggregator with X-Ray (mode Active) and let its role write traces'
            cand --no-tracing 'Pass traces through without X-Ray (mode PassThrough) [default on create]'
            cand --no-iam 'Create no IAM resource: the aggregator uses the role of --aggregator-role-arn'
            cand --iam 'Let the stack create the aggregator''s role again (undoes --no-iam) [default on create]'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;rollback'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --to-version 'The published version to move `live` to (default: the one before the live version)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;usage'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --entity 'The entity whose usage to read (the client library''s entity id)'
            cand --resource 'Only this resource'
            cand --window 'Only this window'
            cand --since 'Only windows that end after this time: 2026-01-15T10:00:00Z, 2026-01-15, or an age such as 90m, 24h, 7d'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;entity'= {
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Metadata, parents, children, stored limits, buckets with tokens available now, latest usage'
            cand verify 'Check the entity''s items for integrity problems; exit 0 healthy, 7 warnings, 8 critical, 9 missing'
            cand reset 'Delete the entity''s bucket items (the client recreates them full); nothing else is touched'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'zae-limiter;entity;show'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --entity 'The entity id (as the client library names it)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;entity;verify'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --entity 'The entity id (as the client library names it)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;entity;reset'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --entity 'The entity id (as the client library names it)'
            cand --resource 'Only buckets of this resource'
            cand --limit 'Only buckets of this limit name'
            cand --principal 'Who the audit event names (default: the caller''s identity from STS)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --dry-run 'Print what would be deleted; delete nothing'
            cand -y 'Delete without asking (required when stdin is not a terminal)'
            cand --yes 'Delete without asking (required when stdin is not a terminal)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;entity;help'= {
            cand show 'Metadata, parents, children, stored limits, buckets with tokens available now, latest usage'
            cand verify 'Check the entity''s items for integrity problems; exit 0 healthy, 7 warnings, 8 critical, 9 missing'
            cand reset 'Delete the entity''s bucket items (the client recreates them full); nothing else is touched'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'zae-limiter;entity;help;show'= {
        }
        &'zae-limiter;entity;help;verify'= {
        }
        &'zae-limiter;entity;help;reset'= {
        }
        &'zae-limiter;entity;help;help'= {
        }
        &'zae-limiter;backup'= {
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Take an on-demand backup of the table and print its ARN'
            cand list 'List the table''s on-demand backups (newest first) and its point-in-time recovery window'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'zae-limiter;backup;create'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --label 'A word added to the backup''s name (letters, digits, ''-'', ''_'', ''.'')'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --no-wait 'Return once AWS has started the backup instead of waiting until it is AVAILABLE'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;backup;list'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;backup;help'= {
            cand create 'Take an on-demand backup of the table and print its ARN'
            cand list 'List the table''s on-demand backups (newest first) and its point-in-time recovery window'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'zae-limiter;backup;help;create'= {
        }
        &'zae-limiter;backup;help;list'= {
        }
        &'zae-limiter;backup;help;help'= {
        }
        &'zae-limiter;restore'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --backup 'Restore this on-demand backup of the table (its ARN or its name; see `backup list`)'
            cand --time 'Restore the table as it was at this time (RFC 3339, e.g. 2026-01-15T10:00:00Z); needs point-in-time recovery'
            cand --as 'Restore into a new table ZAEL-<NEW> (refused if it exists); `deploy --name NEW` then adopts it'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --latest 'Restore the latest restorable time of point-in-time recovery'
            cand --in-place 'Put the live table''s items back to the source''s, keeping the stack (safety backup first)'
            cand -y 'Do not ask for confirmation of --in-place (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation of --in-place (required when stdin is not a terminal)'
            cand --keep-side-table 'With --in-place: keep the side table the source was restored into'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;dlq'= {
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'List the parked batches (shard, sequence range, size, still in the stream?) without consuming them'
            cand redrive 'Replay each parked batch from the stream through the alias `live`; delete its message only when that succeeded'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'zae-limiter;dlq;show'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;dlq;redrive'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --dry-run 'Show what would be replayed, kept or discarded; invoke nothing, delete nothing'
            cand --discard-expired 'Delete the messages whose records are no longer in the stream (asks first)'
            cand -y 'Do not ask for confirmation of --discard-expired (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation of --discard-expired (required when stdin is not a terminal)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;dlq;help'= {
            cand show 'List the parked batches (shard, sequence range, size, still in the stream?) without consuming them'
            cand redrive 'Replay each parked batch from the stream through the alias `live`; delete its message only when that succeeded'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'zae-limiter;dlq;help;show'= {
        }
        &'zae-limiter;dlq;help;redrive'= {
        }
        &'zae-limiter;dlq;help;help'= {
        }
        &'zae-limiter;iam-policy'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --enable-tracing 'Include the X-Ray statement (default: as the deployed stack has it; off before deploy)'
            cand --no-tracing 'Leave the X-Ray statement out'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;limits'= {
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand export 'Write every entity''s metadata and stored limits as a limits file'
            cand plan 'Validate a limits file and show what apply would change; changes nothing (exit 10 when changes are pending)'
            cand apply 'Make the table''s entities and limits match a limits file, with an audit event per change'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'zae-limiter;limits;export'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand -o 'Write the file here instead of stdout'
            cand --out 'Write the file here instead of stdout'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;limits;plan'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand -f 'The limits file (YAML)'
            cand --file 'The limits file (YAML)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --prune 'Also remove limits and entity metadata that the file does not name (buckets and usage are kept)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;limits;apply'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand -f 'The limits file (YAML)'
            cand --file 'The limits file (YAML)'
            cand --principal 'Who to record in the audit events (default: the caller''s identity from STS)'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand --prune 'Also remove limits and entity metadata that the file does not name (buckets and usage are kept)'
            cand -y 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand --yes 'Do not ask for confirmation (required when stdin is not a terminal)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;limits;help'= {
            cand export 'Write every entity''s metadata and stored limits as a limits file'
            cand plan 'Validate a limits file and show what apply would change; changes nothing (exit 10 when changes are pending)'
            cand apply 'Make the table''s entities and limits match a limits file, with an audit event per change'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'zae-limiter;limits;help;export'= {
        }
        &'zae-limiter;limits;help;plan'= {
        }
        &'zae-limiter;limits;help;apply'= {
        }
        &'zae-limiter;limits;help;help'= {
        }
        &'zae-limiter;audit'= {
            cand -n 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --name 'Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too)'
            cand --region 'AWS region (falls back to AWS_DEFAULT_REGION, then the profile''s region)'
            cand --profile 'AWS named profile'
            cand --endpoint-url 'Endpoint of an AWS-compatible API (a local emulator, LocalStack)'
            cand --entity 'Only this entity''s trail (one query instead of a table scan)'
            cand --since 'Only events at or after this time: 2026-01-15T10:00:00Z, 2026-01-15, or an age such as 90m, 24h, 7d'
            cand --output 'Output format: text for people, json for scripts (one document on stdout)'
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;completions'= {
            cand -v 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand --verbose 'Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'zae-limiter;help'= {
            cand deploy 'Create the limiter stack, or bring an existing one up to date'
            cand delete 'Delete the limiter stack; the table and its data are kept unless --delete-data'
            cand status 'Show the stack''s status and the health of its parts'
            cand doctor 'Diagnose the limiter: every check of the troubleshooting guide, findings worst first with remedies'
            cand logs 'Show the aggregator''s log lines and batch statistics; --follow keeps reading'
            cand version 'Show the tool''s and the deployed versions and the compatibility verdict'
            cand check 'Print the compatibility verdict only; the exit code tells scripts what to do'
            cand upgrade 'Bring the deployed stack and aggregator to this tool''s version'
            cand cfn-template 'Print the CloudFormation template that deploy uses'
            cand lambda-export 'Write the aggregator''s Lambda deployment package'
            cand list 'List every limiter stack in the region with its versions and verdict'
            cand plan 'Show what deploy with these options would change; changes nothing'
            cand rollback 'Move the aggregator''s alias `live` back to an earlier published version'
            cand usage 'Read an entity''s usage snapshots: one row per window and limit, newest first'
            cand entity 'Show, verify or reset what the table holds for one entity (its buckets, limits, parents)'
            cand backup 'Take or list on-demand backups of the table'
            cand restore 'Restore the table from a backup or a point in time, as a new limiter or in place'
            cand dlq 'Look at and replay the batches the aggregator parked in its dead-letter queue'
            cand iam-policy 'Print the policy the aggregator''s role needs (for `deploy --no-iam`); changes nothing'
            cand limits 'Manage entities'' stored limits as a YAML file: export, plan, apply'
            cand audit 'List the audit trail of entity and limit changes, newest first'
            cand completions 'Print shell completions or the man page (used to generate completions/ and docs/)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'zae-limiter;help;deploy'= {
        }
        &'zae-limiter;help;delete'= {
        }
        &'zae-limiter;help;status'= {
        }
        &'zae-limiter;help;doctor'= {
        }
        &'zae-limiter;help;logs'= {
        }
        &'zae-limiter;help;version'= {
        }
        &'zae-limiter;help;check'= {
        }
        &'zae-limiter;help;upgrade'= {
        }
        &'zae-limiter;help;cfn-template'= {
        }
        &'zae-limiter;help;lambda-export'= {
        }
        &'zae-limiter;help;list'= {
        }
        &'zae-limiter;help;plan'= {
        }
        &'zae-limiter;help;rollback'= {
        }
        &'zae-limiter;help;usage'= {
        }
        &'zae-limiter;help;entity'= {
            cand show 'Metadata, parents, children, stored limits, buckets with tokens available now, latest usage'
            cand verify 'Check the entity''s items for integrity problems; exit 0 healthy, 7 warnings, 8 critical, 9 missing'
            cand reset 'Delete the entity''s bucket items (the client recreates them full); nothing else is touched'
        }
        &'zae-limiter;help;entity;show'= {
        }
        &'zae-limiter;help;entity;verify'= {
        }
        &'zae-limiter;help;entity;reset'= {
        }
        &'zae-limiter;help;backup'= {
            cand create 'Take an on-demand backup of the table and print its ARN'
            cand list 'List the table''s on-demand backups (newest first) and its point-in-time recovery window'
        }
        &'zae-limiter;help;backup;create'= {
        }
        &'zae-limiter;help;backup;list'= {
        }
        &'zae-limiter;help;restore'= {
        }
        &'zae-limiter;help;dlq'= {
            cand show 'List the parked batches (shard, sequence range, size, still in the stream?) without consuming them'
            cand redrive 'Replay each parked batch from the stream through the alias `live`; delete its message only when that succeeded'
        }
        &'zae-limiter;help;dlq;show'= {
        }
        &'zae-limiter;help;dlq;redrive'= {
        }
        &'zae-limiter;help;iam-policy'= {
        }
        &'zae-limiter;help;limits'= {
            cand export 'Write every entity''s metadata and stored limits as a limits file'
            cand plan 'Validate a limits file and show what apply would change; changes nothing (exit 10 when changes are pending)'
            cand apply 'Make the table''s entities and limits match a limits file, with an audit event per change'
        }
        &'zae-limiter;help;limits;export'= {
        }
        &'zae-limiter;help;limits;plan'= {
        }
        &'zae-limiter;help;limits;apply'= {
        }
        &'zae-limiter;help;audit'= {
        }
        &'zae-limiter;help;completions'= {
        }
        &'zae-limiter;help;help'= {
        }
    ]
    $completions[$command]
}
