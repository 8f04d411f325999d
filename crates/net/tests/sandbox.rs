//! The per-app file sandbox (SPEC §8): virtual paths, the file-system manager
//! operations, mounts, temp files, and a table of hostile paths that must all
//! be refused.

use std::os::unix::fs::symlink;
use std::path::Path;

use minihost_net::sandbox::{
    Sandbox, SaveTarget, FS_EXISTS, FS_IS_DIRECTORY, FS_NOT_DIRECTORY, FS_NOT_FOUND,
    FS_NOT_PERMITTED, FS_PERMISSION_DENIED,
};
use minihost_net::{ApiName, Dialect, ErrorKind};

const SECRET: &[u8] = b"SECRET-OUTSIDE-THE-SANDBOX";

fn code(e: &minihost_net::Error) -> u32 {
    match e.kind {
        ErrorKind::Fs(c) => c,
        ref k => panic!("not an fs error: {k:?} {}", e.detail),
    }
}

#[test]
fn user_files_round_trip_in_both_path_forms() {
    let root = tempfile::tempdir().unwrap();
    let sb = Sandbox::new(root.path()).unwrap();
    sb.write_file("wxfile://usr/a.txt", b"hello", false)
        .unwrap();
    assert_eq!(sb.read_file("https://usr/a.txt").unwrap(), b"hello");
    sb.write_file("https://usr/a.txt", b" world", true).unwrap();
    assert_eq!(sb.read_file("wxfile://usr/a.txt").unwrap(), b"hello world");
    sb.write_file("wxfile://usr/a.txt", b"x", false).unwrap();
    assert_eq!(sb.read_file("wxfile://usr/a.txt").unwrap(), b"x");
    assert_eq!(
        std::fs::read(root.path().join("usr/a.txt")).unwrap(),
        b"x",
        "user files live in <root>/usr"
    );

    let st = sb.stat("wxfile://usr/a.txt").unwrap();
    assert!(st.is_file && !st.is_dir);
    assert_eq!(st.size, 1);
    assert!(st.mtime > 0);
    let st = sb.stat("wxfile://usr").unwrap();
    assert!(st.is_dir && !st.is_file);
    sb.access("wxfile://usr/a.txt").unwrap();
    sb.access("https://usr/").unwrap();
}

#[test]
fn missing_files_and_wrong_types_have_platform_codes() {
    let root = tempfile::tempdir().unwrap();
    let sb = Sandbox::new(root.path()).unwrap();

    let e = sb.read_file("wxfile://usr/x").unwrap_err();
    assert_eq!(code(&e), FS_NOT_FOUND);
    assert_eq!(e.detail, "no such file or directory, open wxfile://usr/x");
    assert_eq!(
        e.wx_err_msg(ApiName::Fs("readFile")),
        "readFile:fail no such file or directory, open wxfile://usr/x"
    );
    assert_eq!(e.wx().errno, 1_300_002);
    let my = e.my(ApiName::Fs("readFile"));
    assert_eq!(my.error, 1_300_002);
    assert_eq!(my.message, "no such file or directory, open wxfile://usr/x");

    assert_eq!(
        code(&sb.access("wxfile://usr/nope").unwrap_err()),
        FS_NOT_FOUND
    );
    assert_eq!(
        sb.stat("https://usr/nope").unwrap_err().detail,
        "no such file or directory, stat https://usr/nope"
    );
    assert_eq!(
        code(&sb.unlink("wxfile://usr/nope").unwrap_err()),
        FS_NOT_FOUND
    );
    assert_eq!(
        code(&sb.readdir("wxfile://usr/nope").unwrap_err()),
        FS_NOT_FOUND
    );
    // Writing needs the parent.
    assert_eq!(
        code(
            &sb.write_file("wxfile://usr/no/dir/f", b"", false)
                .unwrap_err()
        ),
        FS_NOT_FOUND
    );

    sb.mkdir("wxfile://usr/d", false).unwrap();
    assert_eq!(
        code(&sb.mkdir("wxfile://usr/d", false).unwrap_err()),
        FS_EXISTS
    );
    sb.mkdir("wxfile://usr/d", true).unwrap();
    assert_eq!(
        code(&sb.read_file("wxfile://usr/d").unwrap_err()),
        FS_IS_DIRECTORY
    );
    assert_eq!(
        code(&sb.write_file("wxfile://usr/d", b"", false).unwrap_err()),
        FS_IS_DIRECTORY
    );
    assert_eq!(
        code(&sb.unlink("wxfile://usr/d").unwrap_err()),
        FS_NOT_PERMITTED
    );
    sb.write_file("wxfile://usr/f", b"1", false).unwrap();
    assert_eq!(
        code(&sb.readdir("wxfile://usr/f").unwrap_err()),
        FS_NOT_DIRECTORY
    );
    assert_eq!(
        code(&sb.mkdir("wxfile://usr/f/sub", true).unwrap_err()),
        FS_NOT_DIRECTORY
    );
    assert_eq!(
        code(&sb.mkdir("wxfile://usr/a/b", false).unwrap_err()),
        FS_NOT_FOUND
    );
}

#[test]
fn mkdir_readdir_unlink() {
    let root = tempfile::tempdir().unwrap();
    let sb = Sandbox::new(root.path()).unwrap();
    sb.mkdir("wxfile://usr/a/b/c", true).unwrap();
    sb.write_file("https://usr/a/b/c/f.txt", b"1", false)
        .unwrap();
    sb.write_file("https://usr/a/z.txt", b"2", false).unwrap();
    assert_eq!(sb.readdir("wxfile://usr/a").unwrap(), vec!["b", "z.txt"]);
    assert_eq!(sb.readdir("wxfile://usr/a/b/c/").unwrap(), vec!["f.txt"]);
    sb.unlink("wxfile://usr/a/z.txt").unwrap();
    assert_eq!(sb.readdir("wxfile://usr/a").unwrap(), vec!["b"]);
    assert!(sb
        .readdir("wxfile://usr")
        .unwrap()
        .contains(&"a".to_string()));
}

#[test]
fn temp_paths_have_both_forms_and_vanish_on_drop() {
    let root = tempfile::tempdir().unwrap();
    let sb = Sandbox::new(root.path()).unwrap();
    let (wx, real) = sb.new_temp_path(Dialect::Wx, "txt");
    assert!(
        wx.starts_with("wxfile://tmp_") && wx.ends_with(".txt"),
        "{wx}"
    );
    assert!(real.starts_with(sb.temp_dir()));
    sb.write_file(&wx, b"temp", false).unwrap();
    let name = wx.strip_prefix("wxfile://tmp_").unwrap();
    let my = format!("https://resource/{name}");
    assert_eq!(sb.read_file(&my).unwrap(), b"temp");
    assert_eq!(std::fs::read(&real).unwrap(), b"temp");
    let (my2, _) = sb.new_temp_path(Dialect::My, "");
    assert!(
        my2.starts_with("https://resource/") && !my2.contains('.'),
        "{my2}"
    );
    assert_ne!(
        sb.new_temp_path(Dialect::Wx, "a").0,
        sb.new_temp_path(Dialect::Wx, "a").0
    );

    // Temp files can be deleted; mkdir in the temp area is refused.
    sb.unlink(&my).unwrap();
    assert_eq!(
        code(&sb.mkdir("wxfile://tmp_dir", false).unwrap_err()),
        FS_PERMISSION_DENIED
    );

    let tmp = sb.temp_dir().to_path_buf();
    assert!(tmp.is_dir());
    sb.write_file("wxfile://tmp_keep.bin", b"1", false).unwrap();
    sb.write_file("wxfile://usr/stays.txt", b"1", false)
        .unwrap();
    drop(sb);
    assert!(!tmp.exists(), "the run's temp dir is removed on drop");
    assert!(
        root.path().join("usr/stays.txt").exists(),
        "user data persists"
    );
}

#[test]
fn orphan_run_dirs_of_dead_processes_are_removed() {
    let root = tempfile::tempdir().unwrap();
    let tmp = root.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    // Larger than any pid_max: no such process.
    let dead = tmp.join("run-4000000000-00ab");
    std::fs::create_dir_all(dead.join("sub")).unwrap();
    std::fs::write(dead.join("sub/f"), b"x").unwrap();
    // Our own pid: alive.
    let alive = tmp.join(format!("run-{}-00cd", std::process::id()));
    std::fs::create_dir_all(&alive).unwrap();
    let unrelated = tmp.join("notes");
    std::fs::create_dir_all(&unrelated).unwrap();

    let sb = Sandbox::new(root.path()).unwrap();
    assert!(!dead.exists(), "orphan of a dead pid removed");
    assert!(alive.exists(), "a live process's run dir is kept");
    assert!(unrelated.exists(), "other entries are left alone");
    drop(sb);
}

#[test]
fn mounts_are_read_only() {
    let root = tempfile::tempdir().unwrap();
    let host = tempfile::tempdir().unwrap();
    let shared = host.path().join("assets");
    std::fs::create_dir_all(shared.join("img")).unwrap();
    std::fs::write(shared.join("img/a.png"), b"PNG").unwrap();
    let mut sb = Sandbox::new(root.path()).unwrap();
    assert_eq!(sb.mount(&shared).unwrap(), "assets");
    assert!(sb.mount(&shared).is_err(), "same name twice");

    assert_eq!(
        sb.read_file("wxfile://usr/assets/img/a.png").unwrap(),
        b"PNG"
    );
    assert_eq!(
        sb.read_file("https://usr/assets/img/a.png").unwrap(),
        b"PNG"
    );
    let up = sb.open_for_upload("wxfile://usr/assets/img/a.png").unwrap();
    assert_eq!((up.size, up.file_name.as_str()), (3, "a.png"));
    assert_eq!(sb.readdir("wxfile://usr/assets").unwrap(), vec!["img"]);
    assert!(sb
        .readdir("wxfile://usr")
        .unwrap()
        .contains(&"assets".to_string()));
    assert!(sb.stat("wxfile://usr/assets").unwrap().is_dir);

    for (what, r) in [
        (
            "write",
            sb.write_file("wxfile://usr/assets/new.txt", b"x", false),
        ),
        (
            "overwrite",
            sb.write_file("wxfile://usr/assets/img/a.png", b"x", false),
        ),
        ("unlink", sb.unlink("wxfile://usr/assets/img/a.png")),
        ("mkdir", sb.mkdir("wxfile://usr/assets/d", true)),
        ("save", sb.check_save_path("wxfile://usr/assets/dl.bin")),
    ] {
        let e = r.expect_err(what);
        assert_eq!(code(&e), FS_PERMISSION_DENIED, "{what}: {}", e.detail);
    }
    assert_eq!(std::fs::read(shared.join("img/a.png")).unwrap(), b"PNG");
    assert!(!shared.join("new.txt").exists());
}

#[test]
fn part_files_commit_or_vanish() {
    use std::io::Write;
    let root = tempfile::tempdir().unwrap();
    let sb = Sandbox::new(root.path()).unwrap();

    // Dropped: removed.
    let mut part = sb.create_part().unwrap();
    part.file.as_mut().unwrap().write_all(b"partial").unwrap();
    let real = part.real_path().to_path_buf();
    assert!(real.exists());
    drop(part);
    assert!(!real.exists());

    // Committed to a temp path.
    let mut part = sb.create_part().unwrap();
    part.file.as_mut().unwrap().write_all(b"whole").unwrap();
    let part_real = part.real_path().to_path_buf();
    let saved = sb
        .commit_part(part, &SaveTarget::Temp("bin".into()), Dialect::My)
        .unwrap();
    assert!(saved.path.starts_with("https://resource/") && saved.path.ends_with(".bin"));
    assert!(!part_real.exists());
    assert_eq!(sb.read_file(&saved.path).unwrap(), b"whole");
    assert_eq!(std::fs::read(&saved.real_path).unwrap(), b"whole");

    // Committed to a user path (parent must exist; replaces a file).
    sb.mkdir("wxfile://usr/dl", false).unwrap();
    sb.write_file("wxfile://usr/dl/f.bin", b"old", false)
        .unwrap();
    let mut part = sb.create_part().unwrap();
    part.file.as_mut().unwrap().write_all(b"new").unwrap();
    let saved = sb
        .commit_part(
            part,
            &SaveTarget::User("wxfile://usr/dl/f.bin".into()),
            Dialect::Wx,
        )
        .unwrap();
    assert_eq!(saved.path, "wxfile://usr/dl/f.bin");
    assert_eq!(sb.read_file("https://usr/dl/f.bin").unwrap(), b"new");

    // Refused targets leave nothing behind.
    for bad in [
        "wxfile://usr/dl",
        "wxfile://usr/missing/f",
        "wxfile://tmp_x.bin",
        "/tmp/x",
    ] {
        let mut part = sb.create_part().unwrap();
        part.file.as_mut().unwrap().write_all(b"x").unwrap();
        let real = part.real_path().to_path_buf();
        assert!(
            sb.commit_part(part, &SaveTarget::User(bad.into()), Dialect::Wx)
                .is_err(),
            "{bad}"
        );
        assert!(!real.exists(), "{bad}: part file left behind");
    }
    let left: Vec<_> = std::fs::read_dir(sb.temp_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn symlinks_inside_the_sandbox_work() {
    let root = tempfile::tempdir().unwrap();
    let sb = Sandbox::new(root.path()).unwrap();
    sb.mkdir("wxfile://usr/real", false).unwrap();
    sb.write_file("wxfile://usr/real/f.txt", b"inside", false)
        .unwrap();
    symlink("real/f.txt", root.path().join("usr/rel-link")).unwrap();
    symlink("real", root.path().join("usr/dir-link")).unwrap();
    assert_eq!(sb.read_file("wxfile://usr/rel-link").unwrap(), b"inside");
    assert_eq!(
        sb.read_file("wxfile://usr/dir-link/f.txt").unwrap(),
        b"inside"
    );
}

/// Builds the hostile fixtures: a secret file outside, links of every kind
/// pointing at it, a FIFO, device links. Returns the sandbox.
fn hostile_sandbox(root: &Path, outside: &Path) -> Sandbox {
    let secret = outside.join("secret.txt");
    std::fs::write(&secret, SECRET).unwrap();
    let sb = Sandbox::new(root).unwrap();
    let usr = root.join("usr");
    symlink(&secret, usr.join("link-out")).unwrap();
    symlink(
        "../../../../../../../../etc/passwd",
        usr.join("link-rel-out"),
    )
    .unwrap();
    symlink(outside, usr.join("dir-out")).unwrap();
    symlink("/etc", usr.join("etc")).unwrap();
    symlink("/dev/zero", usr.join("zero")).unwrap();
    symlink("/dev/urandom", usr.join("random")).unwrap();
    symlink("/proc/self/environ", usr.join("environ")).unwrap();
    symlink("/proc/self/root", usr.join("rootfs")).unwrap();
    // An absolute symlink, even one that points back inside, is refused.
    symlink(usr.join("plain.txt"), usr.join("abs-inside")).unwrap();
    std::fs::write(usr.join("plain.txt"), b"plain").unwrap();
    // A hard link to the outside file (same file system: both in the temp dir).
    std::fs::hard_link(&secret, usr.join("hard")).unwrap();
    let fifo = usr.join("fifo");
    let st = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(st.success(), "mkfifo");
    symlink("fifo", usr.join("fifo-link")).unwrap();
    // The same in the temp area.
    symlink(&secret, sb.temp_dir().join("out.txt")).unwrap();
    sb
}

const HOSTILE: &[&str] = &[
    // traversal, in every spelling
    "../../etc/passwd",
    "../secret.txt",
    "wxfile://usr/../../x",
    "wxfile://usr/../../../../../../etc/passwd",
    "https://usr/../../etc/passwd",
    "https://resource/../secret.txt",
    "wxfile://tmp_../secret.txt",
    "wxfile://tmp_/etc/passwd",
    "wxfile://usr/%2e%2e/%2e%2e/etc/passwd",
    "wxfile://usr/%2E%2E/x",
    "wxfile://usr/..%2f..%2fetc%2fpasswd",
    "wxfile://usr/%252e%252e/x",
    "wxfile://usr/./plain.txt",
    "wxfile://usr\\..\\..\\etc\\passwd",
    "wxfile://usr/a\\..\\..\\x",
    "wxfile://usr/plain.txt\0",
    "wxfile://usr/%00",
    "wxfile://usr//etc/passwd",
    "wxfile://usrx/../etc/passwd",
    "https://usr.evil.com/x",
    // host paths and other schemes
    "/etc/passwd",
    "/proc/self/environ",
    "/dev/zero",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "http://tmp/secret.txt",
    "http://usr/plain.txt",
    "wxfile:///etc/passwd",
    "WXFILE://usr/plain.txt",
    "data:text/plain,SECRET",
    "wxfile://store_x.txt",
    "",
    "plain.txt",
    // links out and special files
    "wxfile://usr/link-out",
    "wxfile://usr/link-rel-out",
    "wxfile://usr/dir-out/secret.txt",
    "wxfile://usr/etc/passwd",
    "wxfile://usr/zero",
    "wxfile://usr/random",
    "wxfile://usr/environ",
    "wxfile://usr/rootfs/etc/passwd",
    "wxfile://usr/abs-inside",
    "wxfile://usr/hard",
    "https://usr/hard",
    "wxfile://usr/fifo",
    "wxfile://usr/fifo-link",
    "wxfile://tmp_out.txt",
    "https://resource/out.txt",
];

#[test]
fn hostile_paths_are_all_refused() {
    let root = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let sb = hostile_sandbox(root.path(), outside.path());
    assert!(HOSTILE.len() >= 25);
    let mut accepted = Vec::new();
    for &path in HOSTILE {
        // Reading: refused, never the secret.
        match sb.read_file(path) {
            Ok(data) => accepted.push(format!("read {path:?}: {} bytes", data.len())),
            Err(e) => assert!(matches!(e.kind, ErrorKind::Fs(_)), "{path:?}: {e:?}"),
        }
        // Uploading: refused as "file not found".
        match sb.open_for_upload(path) {
            Ok(f) => accepted.push(format!("upload {path:?}: {} bytes", f.size)),
            Err(e) => {
                assert_eq!(e.kind, ErrorKind::FileNotFound, "{path:?}");
                assert_eq!(
                    e.wx_err_msg(ApiName::UploadFile),
                    "uploadFile:fail file not found"
                );
                assert_eq!(e.my(ApiName::UploadFile).error, 11);
            }
        }
        // Writing: never through a link out, never truncating the secret.
        if sb.write_file(path, b"PWNED", false).is_ok() {
            accepted.push(format!("write {path:?}"));
        }
    }
    for &path in HOSTILE {
        // Saving a download there: refused, except over the hard link, where
        // the rename replaces the sandbox's own directory entry (the outside
        // file keeps its content, checked below).
        let mut part = sb.create_part().unwrap();
        std::io::Write::write_all(part.file.as_mut().unwrap(), b"PWNED").unwrap();
        let real = part.real_path().to_path_buf();
        let saved = sb.commit_part(part, &SaveTarget::User(path.into()), Dialect::Wx);
        if saved.is_ok() && !path.ends_with("://usr/hard") {
            accepted.push(format!("save {path:?}"));
        }
        assert!(!real.exists(), "{path:?}: part file left behind");
    }
    assert!(accepted.is_empty(), "accepted hostile paths: {accepted:#?}");
    assert_eq!(
        std::fs::read(outside.path().join("secret.txt")).unwrap(),
        SECRET
    );
    assert!(!outside.path().join("PWNED").exists());
}

#[test]
fn escapes_are_refused_even_for_stat_readdir_and_unlink() {
    let root = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let sb = hostile_sandbox(root.path(), outside.path());
    for path in [
        "wxfile://usr/dir-out",
        "wxfile://usr/etc",
        "wxfile://usr/rootfs",
        "wxfile://usr/../..",
        "/",
        "file:///",
    ] {
        assert!(sb.readdir(path).is_err(), "readdir {path}");
        assert!(
            sb.stat(&format!("{path}/secret.txt")).is_err(),
            "stat {path}"
        );
    }
    assert!(sb.unlink("wxfile://usr/dir-out/secret.txt").is_err());
    assert!(sb.mkdir("wxfile://usr/dir-out/new", true).is_err());
    assert!(sb
        .write_file("wxfile://usr/dir-out/new.txt", b"x", false)
        .is_err());
    assert!(outside.path().join("secret.txt").exists());
    assert!(!outside.path().join("new").exists());
    assert!(!outside.path().join("new.txt").exists());
    // Unlinking a link removes the link, not the target.
    sb.unlink("wxfile://usr/link-out").unwrap();
    assert_eq!(
        std::fs::read(outside.path().join("secret.txt")).unwrap(),
        SECRET
    );
}

#[test]
fn hard_links_are_not_truncated_through() {
    let root = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let sb = hostile_sandbox(root.path(), outside.path());
    let e = sb.write_file("wxfile://usr/hard", b"", false).unwrap_err();
    assert_eq!(code(&e), FS_PERMISSION_DENIED);
    assert_eq!(
        std::fs::read(outside.path().join("secret.txt")).unwrap(),
        SECRET
    );
}
