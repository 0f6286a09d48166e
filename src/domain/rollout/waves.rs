//! Which stacks go in which wave of a fleet rollout (`upgrade --all --waves`). Pure.
//!
//! A wave spec is a list of cumulative targets: `1,10%,50%,100%` means "one stack,
//! then up to 10 % of the fleet in all, then half, then everyone". A count is a number
//! of stacks in all, a percentage is rounded up (so 10 % of 3 stacks is 1), and a spec
//! that does not reach the whole fleet gets a last wave for the rest. Targets that add
//! nobody are skipped, so a small fleet never has empty waves.

/// The default spec: a canary of one stack, then growing waves.
pub const DEFAULT_WAVES: &str = "1,10%,50%,100%";

/// One cumulative wave target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaveTarget {
    /// This many stacks in all, counting earlier waves.
    Count(usize),
    /// This percentage of the fleet in all (1–100), rounded up.
    Percent(u8),
}

/// Parses `1,10%,50%,100%`. Targets must grow; a percentage is 1–100, a count ≥ 1.
pub fn parse_waves(spec: &str) -> Result<Vec<WaveTarget>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim) {
        let target = if let Some(p) = part.strip_suffix('%') {
            match p.parse::<u8>() {
                Ok(n) if (1..=100).contains(&n) => WaveTarget::Percent(n),
                _ => return Err(format!("wave {part:?}: a percentage is 1% to 100%")),
            }
        } else {
            match part.parse::<usize>() {
                Ok(n) if n >= 1 => WaveTarget::Count(n),
                _ => {
                    return Err(format!(
                        "wave {part:?}: each wave is a stack count (e.g. 1) or a percentage of the fleet (e.g. 10%)"
                    ))
                }
            }
        };
        out.push(target);
    }
    // Targets of one kind must grow; across kinds the fleet size decides.
    for pair in out.windows(2) {
        let grows = match pair {
            [WaveTarget::Count(a), WaveTarget::Count(b)] => b > a,
            [WaveTarget::Percent(a), WaveTarget::Percent(b)] => b > a,
            _ => true,
        };
        if !grows {
            return Err(format!(
                "waves {spec:?}: each target counts the stacks upgraded in all, so each must be larger than the one before"
            ));
        }
    }
    Ok(out)
}

fn cumulative(target: WaveTarget, fleet: usize) -> usize {
    match target {
        WaveTarget::Count(n) => n.min(fleet),
        WaveTarget::Percent(p) => (fleet * p as usize).div_ceil(100),
    }
}

/// Splits `order` (canary first) into waves by the cumulative targets.
pub fn plan_waves(order: &[String], targets: &[WaveTarget]) -> Vec<Vec<String>> {
    let mut waves = Vec::new();
    let mut done = 0;
    for t in targets {
        let upto = cumulative(*t, order.len()).max(done);
        if upto > done {
            waves.push(order[done..upto].to_vec());
            done = upto;
        }
    }
    if done < order.len() {
        waves.push(order[done..].to_vec());
    }
    waves
}

/// The rollout order: `--select` keeps only the named stacks (all when empty),
/// `--exclude` drops some, and `--canary` goes first. Names are limiter names;
/// unknown names in `select`/`canary` are an error (a typo must not shrink the
/// rollout silently), unknown `exclude` names are ignored.
pub fn order(
    fleet: &[String],
    select: &[String],
    exclude: &[String],
    canary: Option<&str>,
) -> Result<Vec<String>, String> {
    for s in select.iter().map(String::as_str).chain(canary) {
        if !fleet.iter().any(|f| f == s) {
            return Err(format!(
                "no limiter stack {s:?} in this region (known: {})",
                if fleet.is_empty() {
                    "none".to_string()
                } else {
                    fleet.join(", ")
                }
            ));
        }
    }
    if let Some(c) = canary {
        if exclude.iter().any(|e| e == c) {
            return Err(format!("{c} is both the canary and excluded"));
        }
        if !select.is_empty() && !select.iter().any(|s| s == c) {
            return Err(format!("the canary {c} is not among --select"));
        }
    }
    let mut out: Vec<String> = fleet
        .iter()
        .filter(|f| select.is_empty() || select.contains(f))
        .filter(|f| !exclude.contains(f))
        .cloned()
        .collect();
    if let Some(c) = canary {
        out.retain(|f| f != c);
        out.insert(0, c.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("s{i:02}")).collect()
    }

    fn sizes(w: &[Vec<String>]) -> Vec<usize> {
        w.iter().map(Vec::len).collect()
    }

    #[test]
    fn the_default_on_fleets_of_every_size() {
        let t = parse_waves(DEFAULT_WAVES).unwrap();
        assert_eq!(sizes(&plan_waves(&names(20), &t)), [1, 1, 8, 10]);
        assert_eq!(sizes(&plan_waves(&names(3), &t)), [1, 1, 1]);
        assert_eq!(sizes(&plan_waves(&names(1), &t)), [1]);
        assert!(plan_waves(&names(0), &t).is_empty());
        assert_eq!(sizes(&plan_waves(&names(100), &t)), [1, 9, 40, 50]);
    }

    #[test]
    fn every_stack_exactly_once_in_order() {
        for spec in ["1", "2,5", "10%", "1,2,3", "50%,60%", DEFAULT_WAVES] {
            let t = parse_waves(spec).unwrap();
            for n in 0..30 {
                let flat: Vec<String> = plan_waves(&names(n), &t).concat();
                assert_eq!(flat, names(n), "{spec} on {n}");
            }
        }
    }

    #[test]
    fn bad_specs_are_refused() {
        for bad in ["", "0", "0%", "101%", "x", "1,1", "50%,10%", "1,,2", "-1"] {
            assert!(parse_waves(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn canary_select_and_exclude() {
        let fleet = names(5);
        let o = order(&fleet, &[], &["s01".into()], Some("s03")).unwrap();
        assert_eq!(o, ["s03", "s00", "s02", "s04"]);
        let o = order(&fleet, &["s04".into(), "s02".into()], &[], None).unwrap();
        assert_eq!(o, ["s02", "s04"]);
        assert!(order(&fleet, &["nope".into()], &[], None).is_err());
        assert!(order(&fleet, &[], &[], Some("nope")).is_err());
        assert!(order(&fleet, &[], &["s03".into()], Some("s03")).is_err());
        assert!(order(&fleet, &["s01".into()], &[], Some("s03")).is_err());
        // An unknown exclude is harmless.
        assert_eq!(order(&fleet, &[], &["zz".into()], None).unwrap(), fleet);
    }
}
