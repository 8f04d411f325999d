mod support;
use minihost_net::*;
use support::*;
#[tokio::test]
async fn details() {
    let env = Env::start();
    let mut cfg = env.config();
    let client = Client::new(cfg.clone()).unwrap();
    for u in [env.api("/truncate?size=100000&cut=50000"), env.api("/download?size=300000&chunked=1&truncate=100000")] {
        let r = collect(client.request(RequestOptions::get(&u))).await;
        eprintln!("H2 {u}: {:?}", r.failed);
    }
    cfg.url_check = false;
    cfg.resolve.clear();
    let dev = Client::new(cfg).unwrap();
    for u in [env.plain("/truncate?size=100000&cut=50000"), env.plain("/download?size=300000&chunked=1&truncate=100000"), "https://nosuch.invalid/".to_string(), format!("http://127.0.0.1:{}/echo", env.port())] {
        let r = collect(dev.request(RequestOptions::get(&u))).await;
        eprintln!("H1 {u}: {:?}", r.failed);
    }
    let t0 = std::time::Instant::now();
    for _ in 0..3 { Client::new(env.config()).unwrap(); }
    eprintln!("client new: {:?}", t0.elapsed()/3);
    let mut c2 = env.config(); c2.ca_certs.clear();
    let t0 = std::time::Instant::now();
    for _ in 0..3 { Client::new(c2.clone()).unwrap(); }
    eprintln!("client new no ca: {:?}", t0.elapsed()/3);
}
