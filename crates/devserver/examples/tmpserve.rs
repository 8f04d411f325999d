//! temp
fn main() {
    let s = minihost_devserver::DevServer::start(Default::default()).unwrap();
    println!("listening on https://127.0.0.1:{}", s.port());
    println!("ca: {}", s.ca_pem_path().display());
    let dir = s.cert_dir().to_path_buf();
    let r = s.run_until_ctrl_c();
    println!("result {r:?} dir exists {}", dir.exists());
}
