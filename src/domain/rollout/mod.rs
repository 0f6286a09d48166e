//! Fleet rollouts (`upgrade --all` in waves): who goes in which wave, the lease that
//! keeps two rollouts off one stack, and the health gate between waves. Pure.

pub mod gate;
pub mod lease;
pub mod standing;
pub mod waves;

/// The default bake time between a wave and its health gate, in seconds.
pub const DEFAULT_BAKE_SECS: u64 = 300;

/// Parses a bake time: `0`, `45s`, `5m`, `1h` (a bare number is seconds).
pub fn parse_bake(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => (&t[..i], &t[i..]),
        None => (t, "s"),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("bake time {text:?}: expected e.g. 0, 45s, 5m or 1h"))?;
    let secs = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("bake time {text:?}: the unit is s, m or h")),
    };
    if secs > 24 * 3600 {
        return Err(format!("bake time {text:?}: at most 24h"));
    }
    Ok(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bake_times() {
        assert_eq!(parse_bake("0"), Ok(0));
        assert_eq!(parse_bake("45s"), Ok(45));
        assert_eq!(parse_bake("5m"), Ok(300));
        assert_eq!(parse_bake("1h"), Ok(3600));
        for bad in ["", "m", "5d", "-1", "1.5m", "25h"] {
            assert!(parse_bake(bad).is_err(), "{bad:?}");
        }
    }
}
