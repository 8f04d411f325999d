mod support;
use minihost_net::*;
use support::*;
use std::time::{Duration, Instant};

#[test]
fn bench_vs_raw() {
    let env = Env::start();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let n = 3000;
    let pem = std::fs::read(env.server.ca_pem_path()).unwrap();
    for plain in [false, true] {
        let url = if plain { env.plain("/json") } else { env.api("/json") };
        let raw = reqwest::Client::builder()
            .tls_certs_only(reqwest::Certificate::from_pem_bundle(&pem).unwrap())
            .resolve("api.minihost.test", "127.0.0.1:0".parse().unwrap()).build().unwrap();
        let mut cfg = env.config();
        cfg.url_check = !plain;
        let client = Client::new(cfg).unwrap();
        let (mut tr, mut tm) = (Duration::ZERO, Duration::ZERO);
        for round in 0..6 {
            let t = rt.block_on(async {
                let t0 = Instant::now();
                for _ in 0..n {
                    let r = raw.get(&url).send().await.unwrap();
                    let b = r.bytes().await.unwrap();
                    assert!(!b.is_empty());
                }
                t0.elapsed()
            });
            let t2 = rt.block_on(async {
                let t0 = Instant::now();
                for _ in 0..n {
                    let mut task = client.request(RequestOptions::get(&url));
                    loop {
                        match task.next().await.unwrap() {
                            Event::Done { body } => { assert!(!body.is_empty()); break }
                            Event::Failed(e) => panic!("{e}"),
                            _ => {}
                        }
                    }
                }
                t0.elapsed()
            });
            if round > 0 { tr += t; tm += t2; }
            eprintln!("plain={plain} round {round}: raw {:?}/req, minihost {:?}/req ratio {:.2}", t / n, t2 / n, t2.as_secs_f64() / t.as_secs_f64());
        }
        eprintln!("plain={plain} TOTAL ratio {:.2}", tm.as_secs_f64() / tr.as_secs_f64());
    }
}
