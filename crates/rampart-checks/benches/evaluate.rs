//! Evaluation speed: all checks over a 100,000-user snapshot (target: under 200 ms).
//!
//! `cargo bench -p rampart-checks` prints the time; peak memory of the whole binary on such a
//! snapshot is measured by `bench/eval-large.sh`.

#[path = "../tests/test_support/large.rs"]
mod large;

use criterion::{criterion_group, criterion_main, Criterion};
use rampart_checks::{evaluate, AuditConfig, Selection};

fn evaluate_large(c: &mut Criterion) {
    let config = AuditConfig::default();
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(20);
    for users in [1_000, 100_000] {
        let snap = large::large_account(users);
        group.bench_function(format!("{users} users"), |b| {
            b.iter(|| evaluate(&snap, &config, &Selection::all()));
        });
    }
    group.finish();
}

criterion_group!(benches, evaluate_large);
criterion_main!(benches);
