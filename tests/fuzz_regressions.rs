//! Replays every input committed under `fuzz/regressions/<target>/` (minimised fuzz findings
//! and hand-picked edge cases) through the same check the fuzz target runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut n = 0;
    for e in entries {
        let path = e.unwrap().path();
        let input = std::fs::read(&path).unwrap();
        let r = std::panic::catch_unwind(|| check(&input));
        assert!(r.is_ok(), "fuzz regression {} fails", path.display());
        n += 1;
    }
    n
}

#[test]
fn committed_fuzz_inputs_pass() {
    use common::checks;
    let total = replay("classify", checks::classify)
        + replay("candidates", checks::candidates)
        + replay("luhn", checks::luhn)
        + replay("profile", checks::profile)
        + replay("table_file", checks::table_file)
        + replay("track", checks::track)
        + replay("track_roundtrip", checks::track_roundtrip)
        + replay("emv", checks::emv)
        + replay("emv_roundtrip", checks::emv_roundtrip)
        + replay("ffi", checks::ffi)
        + replay("runtime_table", checks::runtime_table)
        + replay("bins_file", checks::bins_file);
    assert!(total > 0, "no committed fuzz regression inputs found");
}
