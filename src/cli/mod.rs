//! The command line: the clap tree, the arguments every command shares, and
//! dispatch. Each subcommand lives in its own file with its `Args` and `run`.

use clap::{Args, Parser, Subcommand};

use crate::aws::{Aws, Target};
use crate::domain::naming::{parse_name, LimiterName};
use crate::error::Result;
use crate::report::OutputFormat;

pub mod audit;
pub mod backup;
pub mod cfn_template;
pub mod check;
pub mod completions;
pub mod delete;
pub mod deploy;
pub mod dlq;
pub mod doctor;
pub mod entity;
pub mod iam_policy;
pub mod lambda_export;
pub mod limits;
pub mod list;
pub mod logs;
pub mod plan;
pub mod restore;
pub mod rollback;
pub mod stack_args;
pub mod status;
pub mod upgrade;
pub mod usage;
pub mod version;

/// Deploy and maintain zae-limiter rate-limiter stacks on AWS.
#[derive(Debug, Parser)]
#[command(
    name = "zae-limiter",
    version,
    about = "Deploy and maintain zae-limiter rate-limiter stacks on AWS",
    long_about = "Deploy and maintain zae-limiter limiter stacks on AWS: one CloudFormation stack \
                  (ZAEL-<name>) holding the DynamoDB table, its aggregator Lambda, dead-letter queue, \
                  IAM role and alarms.\n\nExit codes: 0 success, 1 failure, 2 bad usage, 3 tool too \
                  old, 4 schema migration required, 5 not deployed or not initialized.",
    propagate_version = true
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,

    /// Diagnostics on stderr: the AWS target in use and each AWS error in full; never credentials.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the limiter stack, or bring an existing one up to date.
    Deploy(deploy::Args),
    /// Delete the limiter stack; the table and its data are kept unless --delete-data.
    Delete(delete::Args),
    /// Show the stack's status and the health of its parts.
    Status(status::Args),
    /// Diagnose the limiter: every check of the troubleshooting guide, findings worst first with remedies.
    Doctor(doctor::Args),
    /// Show the aggregator's log lines and batch statistics; --follow keeps reading.
    Logs(logs::Args),
    /// Show the tool's and the deployed versions and the compatibility verdict.
    Version(version::Args),
    /// Print the compatibility verdict only; the exit code tells scripts what to do.
    Check(check::Args),
    /// Bring the deployed stack and aggregator to this tool's version.
    Upgrade(upgrade::Args),
    /// Print the CloudFormation template that deploy uses.
    CfnTemplate(cfn_template::Args),
    /// Write the aggregator's Lambda deployment package.
    LambdaExport(lambda_export::Args),
    /// List every limiter stack in the region with its versions and verdict.
    List(list::Args),
    /// Show what deploy with these options would change; changes nothing.
    Plan(plan::Args),
    /// Move the aggregator's alias `live` back to an earlier published version.
    Rollback(rollback::Args),
    /// Read an entity's usage snapshots: one row per window and limit, newest first.
    Usage(usage::Args),
    /// Show, verify or reset what the table holds for one entity (its buckets, limits, parents).
    #[command(subcommand)]
    Entity(entity::Command),
    /// Take or list on-demand backups of the table.
    Backup(backup::Args),
    /// Restore the table from a backup or a point in time, as a new limiter or in place.
    Restore(restore::Args),
    /// Look at and replay the batches the aggregator parked in its dead-letter queue.
    #[command(subcommand_required = true)]
    Dlq(dlq::Args),
    /// Print the policy the aggregator's role needs (for `deploy --no-iam`); changes nothing.
    IamPolicy(iam_policy::Args),
    /// Manage entities' stored limits as a YAML file: export, plan, apply.
    Limits(limits::Args),
    /// List the audit trail of entity and limit changes, newest first.
    Audit(audit::Args),
    /// Print shell completions or the man page (used to generate completions/ and docs/).
    #[command(hide = true)]
    Completions(completions::Args),
}

impl Cli {
    /// Runs the chosen command; `Ok(code)` is the exit code of a command that
    /// reported normally (e.g. `check`'s verdict).
    pub async fn run(self) -> Result<i32> {
        let verbose = self.verbose;
        crate::report::set_verbosity(verbose);
        match self.command {
            Command::Deploy(a) => a.run(verbose).await,
            Command::Delete(a) => a.run(verbose).await,
            Command::Status(a) => a.run(verbose).await,
            Command::Doctor(a) => a.run(verbose).await,
            Command::Logs(a) => a.run(verbose).await,
            Command::Version(a) => a.run(verbose).await,
            Command::Check(a) => a.run(verbose).await,
            Command::Upgrade(a) => a.run(verbose).await,
            Command::CfnTemplate(a) => a.run(),
            Command::LambdaExport(a) => a.run(),
            Command::List(a) => a.run(verbose).await,
            Command::Plan(a) => a.run(verbose).await,
            Command::Rollback(a) => a.run(verbose).await,
            Command::Usage(a) => a.run(verbose).await,
            Command::Entity(a) => a.run(verbose).await,
            Command::Backup(a) => a.run(verbose).await,
            Command::Restore(a) => a.run(verbose).await,
            Command::IamPolicy(a) => a.run(verbose).await,
            Command::Dlq(a) => a.run(verbose).await,
            Command::Limits(a) => a.run(verbose).await,
            Command::Audit(a) => a.run(verbose).await,
            Command::Completions(a) => a.run(),
        }
    }
}

/// Which limiter, where, and as whom: shared by every command that talks to AWS.
#[derive(Debug, Clone, Args)]
pub struct TargetArgs {
    /// Limiter name; the stack and table are ZAEL-<name> (ZAEL-<name> is accepted too).
    #[arg(
        short = 'n',
        long,
        env = "ZAE_LIMITER_NAME",
        default_value = "limiter",
        value_parser = parse_name
    )]
    pub name: LimiterName,

    /// Where and as whom.
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// Region, profile and endpoint: shared by every command that talks to AWS
/// (inside `TargetArgs`, or alone for commands that span a region).
#[derive(Debug, Clone, Args)]
pub struct AwsArgs {
    /// AWS region (falls back to AWS_DEFAULT_REGION, then the profile's region).
    #[arg(long, env = "AWS_REGION")]
    pub region: Option<String>,

    /// AWS named profile.
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,

    /// Endpoint of an AWS-compatible API (a local emulator, LocalStack).
    #[arg(long, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,
}

impl AwsArgs {
    /// The AWS target these arguments name.
    pub fn target(&self) -> Target {
        Target {
            region: self.region.clone(),
            profile: self.profile.clone(),
            endpoint_url: self.endpoint_url.clone(),
        }
    }

    /// Loads the shared AWS configuration.
    pub async fn load(&self) -> Result<Aws> {
        Aws::load(&self.target()).await
    }
}

impl TargetArgs {
    /// Loads the shared AWS configuration.
    pub async fn aws(&self) -> Result<Aws> {
        self.aws.load().await
    }
}

/// How a reporting command prints its result.
#[derive(Debug, Clone, Copy, Args)]
pub struct OutputArgs {
    /// Output format: text for people, json for scripts (one document on stdout).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text, value_name = "FORMAT")]
    pub output: OutputFormat,
}

/// `--wait/--no-wait`, shared by commands that start CloudFormation operations.
#[derive(Debug, Clone, Copy, Args)]
pub struct WaitArgs {
    /// Wait for CloudFormation to finish (the default).
    #[arg(long, overrides_with = "no_wait")]
    pub wait: bool,
    /// Start the operation and return at once.
    #[arg(long = "no-wait", overrides_with = "wait")]
    pub no_wait: bool,
    /// Give up waiting after this many minutes (CloudFormation carries on).
    #[arg(long, value_name = "MINUTES", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=1440))]
    pub wait_timeout: u64,
}

impl WaitArgs {
    /// Whether to wait.
    pub fn should_wait(&self) -> bool {
        !self.no_wait
    }
}

/// How deploy and upgrade publish and verify aggregator versions.
#[derive(Debug, Clone, Copy, Args)]
pub struct ReleaseArgs {
    /// Published aggregator versions to keep; older ones are deleted (never the live one or the one before it).
    #[arg(long, value_name = "N", default_value_t = crate::ops::function_versions::DEFAULT_KEEP as u16,
          value_parser = clap::value_parser!(u16).range(1..=100))]
    pub keep_versions: u16,
    /// When verification after shipping fails, leave the new version live instead of moving `live` back.
    #[arg(long)]
    pub no_rollback: bool,
}

impl ReleaseArgs {
    /// The release options these arguments give.
    pub fn options(
        &self,
        force: bool,
        timeout: std::time::Duration,
    ) -> crate::ops::release::Options {
        crate::ops::release::Options {
            force,
            keep_versions: usize::from(self.keep_versions),
            no_rollback: self.no_rollback,
            timeout,
        }
    }
}

pub use crate::ops::release::LiveSummary;

pub use crate::domain::windows::Window;
