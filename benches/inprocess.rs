//! In-process timings of the work the tool does without AWS: building the
//! aggregator package and its SHA, comparing templates, deciding parameters,
//! verdicts and releases, parsing records and usage rows. Run with
//! `cargo bench --bench inprocess` (a plain harness: median and p10..p90 of
//! many iterations, no extra dependencies); `benches/run.py` runs it too.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

use aws_sdk_dynamodb::types::AttributeValue;
use zae_limiter::{
    domain::compat, domain::stack, ops::aggregator, ops::function_versions as fv, ops::record,
    ops::usage,
};

/// Times `f` over `iters` calls per sample and returns nanoseconds per call
/// (median, p10, p90) over `samples` samples.
fn time<T>(samples: usize, iters: usize, mut f: impl FnMut() -> T) -> (f64, f64, f64) {
    for _ in 0..iters {
        black_box(f());
    }
    let mut per_call: Vec<f64> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                black_box(f());
            }
            start.elapsed().as_nanos() as f64 / iters as f64
        })
        .collect();
    per_call.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| per_call[((per_call.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.1), at(0.9))
}

fn record_item() -> HashMap<String, AttributeValue> {
    let s = |x: &str| AttributeValue::S(x.into());
    let data = HashMap::from([
        ("schema_version".to_string(), s("1.0.0")),
        ("lambda_version".to_string(), s("0.4.0")),
        ("client_min_version".to_string(), s("0.0.0")),
        ("updated_at".to_string(), s("2026-01-15T10:00:00Z")),
        ("updated_by".to_string(), s("cli:0.4.0")),
    ]);
    HashMap::from([
        ("PK".to_string(), s("SYSTEM#")),
        ("SK".to_string(), s("#VERSION")),
        ("data".to_string(), AttributeValue::M(data)),
    ])
}

fn snapshot_items(n: usize) -> Vec<HashMap<String, AttributeValue>> {
    (0..n)
        .map(|i| {
            let start = format!("2026-01-{:02}T{:02}:00:00Z", 1 + i / 24, i % 24);
            let data = HashMap::from([
                ("resource".to_string(), AttributeValue::S("gpt-4".into())),
                ("window".to_string(), AttributeValue::S("hourly".into())),
                ("window_start".to_string(), AttributeValue::S(start)),
                ("rpm".to_string(), AttributeValue::N("12".into())),
                ("tpm".to_string(), AttributeValue::N("3400.5".into())),
                ("total_events".to_string(), AttributeValue::N("24".into())),
            ]);
            HashMap::from([("data".to_string(), AttributeValue::M(data))])
        })
        .collect()
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters by name.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let package = aggregator::package();
    let deployed = stack::template::TEMPLATE.to_string();
    let tool = compat::tool_version();
    let schema = compat::tool_schema();
    let versions = compat::Deployed::Stack(Some(compat::RecordVersions {
        schema_version: "1.0.0".into(),
        lambda_version: Some("0.3.0".into()),
        client_min_version: Some("0.0.0".into()),
        ..Default::default()
    }));
    let deployed_params = stack::params::desired(&stack::params::StackOptions::default(), None);
    let item = record_item();
    let snapshots = snapshot_items(24 * 30);
    let published: Vec<u64> = (1..=40).collect();

    let mut rows: Vec<(&str, (f64, f64, f64))> = Vec::new();
    let mut bench = |name: &'static str, iters: usize, f: &mut dyn FnMut()| {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            return;
        }
        rows.push((name, time(31, iters, f)));
    };
    bench("aggregator package (build zip)", 2_000, &mut || {
        black_box(aggregator::package());
    });
    bench("aggregator CodeSha256", 2_000, &mut || {
        black_box(aggregator::code_sha256(&package));
    });
    bench("template differs (normalise both)", 2_000, &mut || {
        black_box(stack::template::differs(&deployed));
    });
    bench("parameters desired + changes", 20_000, &mut || {
        let want = stack::params::desired(
            &stack::params::StackOptions::default(),
            Some(&deployed_params),
        );
        black_box(stack::params::changes(&deployed_params, &want));
    });
    bench("verdict", 200_000, &mut || {
        black_box(compat::verdict(&tool, &schema, &versions));
    });
    bench("version record parse", 100_000, &mut || {
        black_box(record::parse_item(&item));
    });
    bench("usage rows (720 snapshots)", 200, &mut || {
        black_box(usage::rows(&snapshots, None, None, None));
    });
    bench("retention plan (40 versions)", 100_000, &mut || {
        black_box(fv::retention(&published, &fv::Live::Version(40), 5));
    });

    println!("{:<36} {:>12} {:>22}", "in-process", "median", "p10..p90");
    for (name, (median, p10, p90)) in &rows {
        println!(
            "{name:<36} {:>12} {:>22}",
            human(*median),
            format!("{}..{}", human(*p10), human(*p90))
        );
    }
    if let Ok(path) = std::env::var("ZAE_BENCH_JSON") {
        let doc: serde_json::Map<String, serde_json::Value> = rows
            .iter()
            .map(|(n, (m, p10, p90))| {
                (
                    n.to_string(),
                    serde_json::json!({"median_ns": m, "p10_ns": p10, "p90_ns": p90}),
                )
            })
            .collect();
        std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    }
}

fn human(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.1} µs", ns / 1_000.0)
    } else {
        format!("{ns:.0} ns")
    }
}
