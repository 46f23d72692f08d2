//! Throwaway smoke run.
use rampart_aws::*;
struct P(RequestStats);
impl Progress for P {
    fn fact_started(&self, f: &str) { eprintln!("start {f}"); }
    fn fact_finished(&self, f: &str) { eprintln!("done  {f}"); }
    fn request(&self, api: &str) { self.0.record(api); }
}
#[tokio::main]
async fn main() {
    let conn = connect(&ConnectOptions::default()).await;
    eprintln!("region={} custom={}", conn.region, conn.custom_endpoint);
    let p = P(RequestStats::default());
    let t = std::time::Instant::now();
    let snap = collect(&conn, &CollectOptions::default(), &p).await;
    eprintln!("elapsed {:?}", t.elapsed());
    match snap {
        Ok(s) => println!("{}", s.to_json()),
        Err(e) => println!("ERR {e}"),
    }
    for (k, v) in p.0.snapshot() { eprintln!("{v:4} {k}"); }
}
