#[test]
fn large() {
    let text = std::fs::read_to_string("/tmp/rmpgen/large.json").unwrap();
    let snap = rampart_model::Snapshot::from_json(&text).unwrap();
    let config = rampart_checks::AuditConfig::default();
    let cx = rampart_checks::Context::new(&snap, &config);
    let t = std::time::Instant::now();
    for _ in 0..10 {
        for c in rampart_checks::registry() { std::hint::black_box(c.evaluate(&cx)); }
    }
    eprintln!("10 rounds {:?}", t.elapsed());
}
