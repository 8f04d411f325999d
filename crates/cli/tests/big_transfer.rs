//! 100 MiB up and 100 MiB down through `minihost run`, end to end over TLS:
//! the SHA-256 is checked on the other side of each transfer, and the whole
//! run's peak RSS (reported by the binary with `MINIHOST_REPORT_RSS=1`) must
//! stay under 64 MiB: both directions stream, neither buffers the file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use minihost_devserver::{DevServer, ServeOptions};
use sha2::{Digest, Sha256};

const SIZE: usize = 100 * 1024 * 1024;
const RSS_LIMIT_KB: u64 = 64 * 1024;

/// The devserver's download bytes: byte i is i % 251.
fn pattern_byte(i: usize) -> u8 {
    (i % 251) as u8
}

fn find(dir: &Path, name: &str) -> Option<PathBuf> {
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let p = entry.path();
        if p.is_dir() {
            if let Some(found) = find(&p, name) {
                return Some(found);
            }
        } else if p.file_name().and_then(|n| n.to_str()) == Some(name) {
            return Some(p);
        }
    }
    None
}

fn sha256_file(path: &Path) -> String {
    let mut f = std::fs::File::open(path).expect("open");
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).expect("hash");
    format!("{:x}", h.finalize())
}

#[test]
fn hundred_mib_up_and_down_stream_within_64_mib() {
    let server = DevServer::start(ServeOptions::default()).expect("devserver");
    let port = server.port();
    let tmp = tempfile::tempdir().expect("tempdir");

    // The file to upload, in a folder mounted read-only as wxfile://usr/big/.
    let mount = tmp.path().join("big");
    std::fs::create_dir(&mount).expect("mkdir");
    let mut hasher = Sha256::new();
    {
        let mut f =
            std::io::BufWriter::new(std::fs::File::create(mount.join("up.bin")).expect("create"));
        let block: Vec<u8> = (0..1 << 20).map(|i: usize| (i * 7 % 256) as u8).collect();
        for _ in 0..SIZE / block.len() {
            f.write_all(&block).expect("write");
            hasher.update(&block);
        }
    }
    let up_sha = format!("{:x}", hasher.finalize());
    let mut h = Sha256::new();
    let block: Vec<u8> = (0..SIZE).map(pattern_byte).collect();
    h.update(&block);
    drop(block);
    let down_sha = format!("{:x}", h.finalize());

    let config = tmp.path().join("minihost.json");
    std::fs::write(
        &config,
        format!(
            r#"{{"appid":"wxbig0123456789","domains":{{"uploadFile":["api.minihost.test:{port}"],
            "downloadFile":["api.minihost.test:{port}"]}},
            "resolve":["api.minihost.test:{port}:127.0.0.1"],"caCerts":[{ca:?}]}}"#,
            ca = server.ca_pem_path().display().to_string()
        ),
    )
    .expect("config");
    let script = tmp.path().join("big.js");
    std::fs::write(
        &script,
        format!(
            r#"
const base = 'https://api.minihost.test:{port}';
wx.uploadFile({{
  url: base + '/upload', filePath: 'wxfile://usr/big/up.bin', name: 'file',
  success(res) {{
    const body = JSON.parse(res.data);
    console.log('UPLOAD ' + res.statusCode + ' ' + body.files[0].size + ' ' + body.files[0].sha256);
    wx.downloadFile({{
      url: base + '/download?size={SIZE}', filePath: wx.env.USER_DATA_PATH + '/down.bin',
      success(r) {{ console.log('DOWNLOAD ' + r.statusCode + ' ' + r.filePath); }},
      fail(e) {{ console.log('DOWNLOAD FAIL ' + JSON.stringify(e)); }},
    }});
  }},
  fail(e) {{ console.log('UPLOAD FAIL ' + JSON.stringify(e)); }},
}});
"#
        ),
    )
    .expect("script");

    let data = tmp.path().join("data");
    let out = Command::new(env!("CARGO_BIN_EXE_minihost"))
        .args(["run", script.to_str().expect("utf8"), "--config"])
        .arg(&config)
        .arg("--mount")
        .arg(&mount)
        .args(["--time-limit", "300"])
        .env("MINIHOST_DATA_DIR", &data)
        .env("MINIHOST_REPORT_RSS", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run minihost");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains(&format!("UPLOAD 200 {SIZE} {up_sha}")),
        "upload sha256 on the server side: {stdout}"
    );
    assert!(
        stdout.contains("DOWNLOAD 200 wxfile://usr/down.bin"),
        "{stdout}\n{stderr}"
    );
    let saved = find(&data, "down.bin").expect("downloaded file in the user data dir");
    assert_eq!(std::fs::metadata(&saved).expect("meta").len(), SIZE as u64);
    assert_eq!(sha256_file(&saved), down_sha, "download sha256");

    let rss_kb: u64 = stderr
        .lines()
        .find_map(|l| l.strip_prefix("minihost: peak RSS "))
        .and_then(|v| v.trim_end_matches(" kB").parse().ok())
        .expect("peak RSS line");
    assert!(
        rss_kb < RSS_LIMIT_KB,
        "peak RSS {rss_kb} kB over {RSS_LIMIT_KB} kB"
    );
    println!("peak RSS for 100 MiB up + 100 MiB down: {rss_kb} kB");
}
