//! The per-app file sandbox of SPEC §8: a user data dir, a temp dir per run,
//! read-only mounts, the virtual paths scripts see, and the file-system
//! manager operations behind `getFileSystemManager()`.
//!
//! Layout under the app's data dir (`AppConfig::data_dir`):
//!
//! ```text
//! <root>/usr/                      user data (wxfile://usr/..., https://usr/...)
//! <root>/tmp/run-<pid>-<nonce>/    temp files of this run (wxfile://tmp_<id>.<ext>,
//!                                  https://resource/<id>.<ext>), removed on drop;
//!                                  run dirs of dead processes are removed at start
//! ```
//!
//! Virtual paths (both forms are accepted whichever dialect calls):
//!
//! | area | `wx` | `my` | real |
//! |---|---|---|---|
//! | temp | `wxfile://tmp_<name>` | `https://resource/<name>` | `<run dir>/<name>` |
//! | user | `wxfile://usr/<rel>` | `https://usr/<rel>` | `<root>/usr/<rel>` |
//! | mount | `wxfile://usr/<mount>/<rel>` | `https://usr/<mount>/<rel>` | `<DIR>/<rel>`, read-only |
//!
//! Anything else is refused before touching the disk: `..` and `.` segments,
//! percent-encoded dots/slashes/backslashes/NUL, backslashes, control
//! characters, absolute host paths, `file://`, `http://tmp/`, other schemes.
//! Files are opened beneath directory handles with cap-std (`openat2`
//! `RESOLVE_BENEATH` where available), so a symlink leading out is refused at
//! open time, and the opened descriptor is checked (regular file, one link)
//! before any read or write: no window between check and use. Opens are
//! non-blocking so a FIFO cannot hang the host.
//!
//! Failures are [`ErrorKind::Fs`] with WeChat's 13xxxxx codes and a detail of
//! the form `<reason>, <op> <path>` (the `wx` errMsg is
//! `<api>:fail <detail>`; `my` gets `{error: code, errorMessage: detail}`):
//!
//! | code | reason | when |
//! |---|---|---|
//! | [`FS_NOT_PERMITTED`] 1300001 | `operation not permitted` | `unlink` of a directory |
//! | [`FS_NOT_FOUND`] 1300002 | `no such file or directory` | missing file or parent |
//! | [`FS_PERMISSION_DENIED`] 1300013 | `permission denied` | outside the sandbox, escapes, non-regular files, hard links, writes to a mount or the temp root |
//! | [`FS_NOT_DIRECTORY`] 1300020 | `not a directory` | a file used as a directory |
//! | [`FS_INVALID`] 1300022 | `invalid argument` | name too long, bad name |
//! | [`FS_NOT_EMPTY`] 1300066 | `directory not empty` | |
//! | [`FS_SYSTEM`] 1300201 | `system error` | any other OS error |
//! | [`FS_STORAGE_FULL`] 1300202 | `the maximum size of the file storage limit is exceeded` | disk full |
//! | [`FS_IS_DIRECTORY`] 1301003 | `illegal operation on a directory` | reading / writing a directory |
//! | [`FS_EXISTS`] 1301005 | `file already exists` | `mkdir` of an existing path |

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

use cap_std::ambient_authority;
use cap_std::fs::{Dir, OpenOptions, OpenOptionsExt};

use crate::config::Dialect;
use crate::error::{Error, ErrorKind, Result};

/// `operation not permitted` (EPERM).
pub const FS_NOT_PERMITTED: u32 = 1_300_001;
/// `no such file or directory` (ENOENT).
pub const FS_NOT_FOUND: u32 = 1_300_002;
/// `permission denied` (EACCES, and every sandbox refusal).
pub const FS_PERMISSION_DENIED: u32 = 1_300_013;
/// `not a directory` (ENOTDIR).
pub const FS_NOT_DIRECTORY: u32 = 1_300_020;
/// `invalid argument` (EINVAL, ENAMETOOLONG).
pub const FS_INVALID: u32 = 1_300_022;
/// `directory not empty` (ENOTEMPTY).
pub const FS_NOT_EMPTY: u32 = 1_300_066;
/// `system error`: any other OS failure.
pub const FS_SYSTEM: u32 = 1_300_201;
/// `the maximum size of the file storage limit is exceeded` (ENOSPC, EDQUOT).
pub const FS_STORAGE_FULL: u32 = 1_300_202;
/// `illegal operation on a directory` (EISDIR).
pub const FS_IS_DIRECTORY: u32 = 1_301_003;
/// `file already exists` (EEXIST).
pub const FS_EXISTS: u32 = 1_301_005;

/// The `wx` user data path (`wx.env.USER_DATA_PATH`).
pub const WX_USER_DATA_PATH: &str = "wxfile://usr";
/// The `my` user data path (`my.env.USER_DATA_PATH`).
pub const MY_USER_DATA_PATH: &str = "https://usr";

const WX_TMP_PREFIX: &str = "wxfile://tmp_";
const WX_USR: &str = "wxfile://usr";
const MY_TMP_PREFIX: &str = "https://resource/";
const MY_USR: &str = "https://usr";
const MAX_NAME_BYTES: usize = 255;
const MAX_PATH_BYTES: usize = 4096;

/// The user data path of `dialect`.
pub fn user_data_path(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Wx => WX_USER_DATA_PATH,
        Dialect::My => MY_USER_DATA_PATH,
    }
}

/// Builds an [`ErrorKind::Fs`] error: `<reason>, <op> <path>`.
pub fn fs_error(code: u32, op: &str, path: &str) -> Error {
    Error::new(
        ErrorKind::Fs(code),
        format!("{}, {op} {path}", fs_reason(code)),
    )
}

/// The reason text of a 13xxxxx code.
pub fn fs_reason(code: u32) -> &'static str {
    match code {
        FS_NOT_PERMITTED => "operation not permitted",
        FS_NOT_FOUND => "no such file or directory",
        FS_PERMISSION_DENIED => "permission denied",
        FS_NOT_DIRECTORY => "not a directory",
        FS_INVALID => "invalid argument",
        FS_NOT_EMPTY => "directory not empty",
        FS_STORAGE_FULL => "the maximum size of the file storage limit is exceeded",
        FS_IS_DIRECTORY => "illegal operation on a directory",
        FS_EXISTS => "file already exists",
        _ => "system error",
    }
}

/// Maps an OS error to the platform code.
fn io_code(e: &io::Error) -> u32 {
    if let Some(raw) = e.raw_os_error() {
        return match raw {
            libc::ENOENT => FS_NOT_FOUND,
            libc::EACCES | libc::EROFS | libc::ELOOP | libc::ENXIO | libc::EXDEV => {
                FS_PERMISSION_DENIED
            }
            libc::EPERM => FS_NOT_PERMITTED,
            libc::ENOTDIR => FS_NOT_DIRECTORY,
            libc::EISDIR => FS_IS_DIRECTORY,
            libc::EEXIST => FS_EXISTS,
            libc::ENOTEMPTY => FS_NOT_EMPTY,
            libc::EINVAL | libc::ENAMETOOLONG => FS_INVALID,
            libc::ENOSPC | libc::EDQUOT => FS_STORAGE_FULL,
            _ => FS_SYSTEM,
        };
    }
    // cap-std reports escapes ("a path led outside of the filesystem") as
    // PermissionDenied without an OS code.
    match e.kind() {
        io::ErrorKind::NotFound => FS_NOT_FOUND,
        io::ErrorKind::PermissionDenied => FS_PERMISSION_DENIED,
        io::ErrorKind::AlreadyExists => FS_EXISTS,
        io::ErrorKind::InvalidInput => FS_INVALID,
        _ => FS_SYSTEM,
    }
}

fn io_error(e: &io::Error, op: &str, path: &str) -> Error {
    fs_error(io_code(e), op, path)
}

/// Which part of the sandbox a virtual path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Area {
    /// The temp dir of this run (flat: one file name).
    Temp,
    /// The user data dir.
    User,
    /// A read-only mount (index into the mount table).
    Mount(usize),
}

/// A virtual path checked against the sandbox rules (no I/O yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The area.
    pub area: Area,
    /// The path below the area's root; empty for the root itself.
    pub rel: PathBuf,
}

/// What [`Sandbox::stat`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStat {
    /// Size in bytes.
    pub size: u64,
    /// A regular file.
    pub is_file: bool,
    /// A directory.
    pub is_dir: bool,
    /// Unix mode bits (type and permissions).
    pub mode: u32,
    /// Last modification, seconds since the epoch.
    pub mtime: u64,
    /// Last access, seconds since the epoch.
    pub atime: u64,
}

/// A regular file opened for reading inside the sandbox (for uploads).
#[derive(Debug)]
pub struct OpenedFile {
    /// The open descriptor, already checked to be a regular file.
    pub file: std::fs::File,
    /// Its size at open time.
    pub size: u64,
    /// The base name the platform sends (the last segment of the virtual path).
    pub file_name: String,
}

/// A `.part` file being written in the temp dir. Dropped without
/// [`Sandbox::commit_part`], it is removed.
#[derive(Debug)]
pub struct PartFile {
    /// The open descriptor to write to.
    pub file: Option<std::fs::File>,
    name: String,
    real: PathBuf,
    tmp: Option<Dir>,
}

impl PartFile {
    /// The real path of the part file (for diagnostics and tests).
    pub fn real_path(&self) -> &Path {
        &self.real
    }

    /// Removes the part file now (idempotent).
    pub fn discard(&mut self) {
        self.file = None;
        if let Some(tmp) = self.tmp.take() {
            let _ = tmp.remove_file(&self.name);
        }
    }
}

impl Drop for PartFile {
    fn drop(&mut self) {
        self.discard();
    }
}

/// Where a finished download goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveTarget {
    /// A new temp file with this extension (without the dot; may be empty).
    Temp(String),
    /// A user path given by the script (`filePath`), which must be under the
    /// user data path.
    User(String),
}

/// A saved file: the virtual path the script sees and where it really is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The virtual path (`wxfile://tmp_...`, `https://resource/...`, or the
    /// user path as given).
    pub path: String,
    /// The real path on the host.
    pub real_path: PathBuf,
}

#[derive(Debug)]
struct Mount {
    name: String,
    dir: Dir,
    real: PathBuf,
}

/// The file sandbox of one app.
#[derive(Debug)]
pub struct Sandbox {
    root: PathBuf,
    usr_real: PathBuf,
    usr: Dir,
    tmp_parent: Dir,
    tmp_name: String,
    tmp_real: PathBuf,
    tmp: Dir,
    mounts: Vec<Mount>,
    nonce: u64,
    counter: AtomicU64,
}

fn random_u64() -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(std::process::id() as u64);
    if let Ok(t) = std::time::SystemTime::now().duration_since(UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

fn pid_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_root = Path::new("/proc");
    if !proc_root.join("self").exists() {
        // No procfs: never delete what might belong to a live process.
        return true;
    }
    proc_root.join(pid.to_string()).exists()
}

/// Parses `run-<pid>-<nonce>`.
fn run_dir_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("run-")?;
    let (pid, nonce) = rest.split_once('-')?;
    if nonce.is_empty() || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    pid.parse().ok()
}

fn setup_error(what: &str, path: &Path, e: &io::Error) -> Error {
    Error::new(
        ErrorKind::Fs(io_code(e)),
        format!("cannot prepare sandbox {what} {}: {e}", path.display()),
    )
}

/// Checks one path segment: no traversal, no encoded traversal, no
/// separators, no control characters.
fn segment_ok(seg: &str) -> bool {
    if seg.is_empty() || seg == "." || seg == ".." || seg.len() > MAX_NAME_BYTES {
        return false;
    }
    if seg
        .chars()
        .any(|c| c == '/' || c == '\\' || c == '\0' || c.is_control())
    {
        return false;
    }
    let lower = seg.to_ascii_lowercase();
    !["%2e", "%2f", "%5c", "%00", "%25"]
        .iter()
        .any(|p| lower.contains(p))
}

impl Sandbox {
    /// Opens (creating as needed) the sandbox rooted at `root`: the user dir
    /// and a fresh temp dir for this run. Temp dirs of processes that are no
    /// longer alive are removed first.
    pub fn new(root: &Path) -> Result<Self> {
        std::fs::create_dir_all(root).map_err(|e| setup_error("root", root, &e))?;
        let root_dir = Dir::open_ambient_dir(root, ambient_authority())
            .map_err(|e| setup_error("root", root, &e))?;
        root_dir
            .create_dir_all("usr")
            .map_err(|e| setup_error("user dir", root, &e))?;
        root_dir
            .create_dir_all("tmp")
            .map_err(|e| setup_error("temp dir", root, &e))?;
        let usr = root_dir
            .open_dir("usr")
            .map_err(|e| setup_error("user dir", root, &e))?;
        let tmp_parent = root_dir
            .open_dir("tmp")
            .map_err(|e| setup_error("temp dir", root, &e))?;
        Self::remove_orphans(&tmp_parent);
        let nonce = random_u64();
        let tmp_name = format!("run-{}-{:016x}", std::process::id(), nonce);
        tmp_parent
            .create_dir(&tmp_name)
            .map_err(|e| setup_error("temp dir", root, &e))?;
        let tmp = tmp_parent
            .open_dir(&tmp_name)
            .map_err(|e| setup_error("temp dir", root, &e))?;
        Ok(Sandbox {
            root: root.to_path_buf(),
            usr_real: root.join("usr"),
            usr,
            tmp_real: root.join("tmp").join(&tmp_name),
            tmp_parent,
            tmp_name,
            tmp,
            mounts: Vec::new(),
            nonce,
            counter: AtomicU64::new(0),
        })
    }

    /// Removes `run-<pid>-*` temp dirs whose process is gone. Bounded: looks
    /// at no more than 10 000 entries.
    fn remove_orphans(tmp_parent: &Dir) {
        let Ok(entries) = tmp_parent.entries() else {
            return;
        };
        for entry in entries.take(10_000).flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(pid) = run_dir_pid(name) else {
                continue;
            };
            if !pid_alive(pid) {
                let _ = tmp_parent.remove_dir_all(name);
            }
        }
    }

    /// The app's data root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The real user data dir.
    pub fn user_dir(&self) -> &Path {
        &self.usr_real
    }

    /// The real temp dir of this run.
    pub fn temp_dir(&self) -> &Path {
        &self.tmp_real
    }

    /// Exposes the host folder `dir` read-only as `usr/<basename of dir>`.
    /// Returns the mount name.
    pub fn mount(&mut self, dir: &Path) -> Result<String> {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| segment_ok(n))
            .ok_or_else(|| {
                Error::param(format!("mount {} has no usable folder name", dir.display()))
            })?
            .to_string();
        if self.mounts.iter().any(|m| m.name == name) {
            return Err(Error::param(format!("mount name {name} is used twice")));
        }
        let handle = Dir::open_ambient_dir(dir, ambient_authority())
            .map_err(|e| setup_error("mount", dir, &e))?;
        self.mounts.push(Mount {
            name: name.clone(),
            dir: handle,
            real: dir.to_path_buf(),
        });
        Ok(name)
    }

    /// Checks a virtual path and says where it points, without I/O. `op` is
    /// the operation named in the error (`open`, `stat`, ...).
    pub fn resolve(&self, path: &str, op: &str) -> Result<Resolved> {
        let denied = || fs_error(FS_PERMISSION_DENIED, op, path);
        if path.len() > MAX_PATH_BYTES {
            return Err(fs_error(FS_INVALID, op, path));
        }
        if let Some(name) = path
            .strip_prefix(WX_TMP_PREFIX)
            .or_else(|| path.strip_prefix(MY_TMP_PREFIX))
        {
            if !segment_ok(name) {
                return Err(denied());
            }
            return Ok(Resolved {
                area: Area::Temp,
                rel: PathBuf::from(name),
            });
        }
        let rest = if let Some(r) = path.strip_prefix(WX_USR) {
            r
        } else if let Some(r) = path.strip_prefix(MY_USR) {
            r
        } else {
            return Err(denied());
        };
        // `wxfile://usr` or `wxfile://usr/...`, never `wxfile://usrx`.
        let rest = match rest.strip_prefix('/') {
            Some(r) => r,
            None if rest.is_empty() => "",
            None => return Err(denied()),
        };
        // One trailing slash is fine (`wxfile://usr/dir/`); empty segments are not.
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let mut segs = Vec::new();
        if !rest.is_empty() {
            for seg in rest.split('/') {
                if !segment_ok(seg) {
                    return Err(denied());
                }
                segs.push(seg);
            }
        }
        if let Some(first) = segs.first() {
            if let Some(idx) = self.mounts.iter().position(|m| m.name == *first) {
                return Ok(Resolved {
                    area: Area::Mount(idx),
                    rel: segs[1..].iter().collect(),
                });
            }
        }
        Ok(Resolved {
            area: Area::User,
            rel: segs.iter().collect(),
        })
    }

    fn dir_of(&self, area: &Area) -> &Dir {
        match area {
            Area::Temp => &self.tmp,
            Area::User => &self.usr,
            Area::Mount(i) => &self.mounts[*i].dir,
        }
    }

    fn real_of(&self, r: &Resolved) -> PathBuf {
        let base = match r.area {
            Area::Temp => &self.tmp_real,
            Area::User => &self.usr_real,
            Area::Mount(i) => &self.mounts[i].real,
        };
        if r.rel.as_os_str().is_empty() {
            base.clone()
        } else {
            base.join(&r.rel)
        }
    }

    /// The real host path a virtual path maps to (no I/O, no existence check).
    pub fn real_path(&self, path: &str) -> Result<PathBuf> {
        let r = self.resolve(path, "open")?;
        Ok(self.real_of(&r))
    }

    /// Opens a regular file for reading: non-blocking open beneath the
    /// area's handle, then checks the descriptor (regular file, one link).
    fn open_regular(&self, r: &Resolved, op: &str, path: &str) -> Result<std::fs::File> {
        if r.rel.as_os_str().is_empty() {
            return Err(fs_error(
                if r.area == Area::Temp {
                    FS_PERMISSION_DENIED
                } else {
                    FS_IS_DIRECTORY
                },
                op,
                path,
            ));
        }
        let mut oo = OpenOptions::new();
        oo.read(true);
        oo.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
        let file = self
            .dir_of(&r.area)
            .open_with(&r.rel, &oo)
            .map_err(|e| io_error(&e, op, path))?
            .into_std();
        let md = file.metadata().map_err(|e| io_error(&e, op, path))?;
        check_regular(&md, op, path)?;
        Ok(file)
    }

    /// Opens the file at `path` for an upload. Every failure is reported as
    /// [`ErrorKind::FileNotFound`] (`uploadFile:fail file not found`, `my`
    /// error 11), with the file-system reason in the detail.
    pub fn open_for_upload(&self, path: &str) -> Result<OpenedFile> {
        let not_found = |e: Error| Error::new(ErrorKind::FileNotFound, e.detail);
        let r = self.resolve(path, "open").map_err(not_found)?;
        let file = self.open_regular(&r, "open", path).map_err(not_found)?;
        let size = file
            .metadata()
            .map_err(|e| not_found(io_error(&e, "open", path)))?
            .len();
        let file_name = path.rsplit('/').next().unwrap_or(path).to_string();
        Ok(OpenedFile {
            file,
            size,
            file_name,
        })
    }

    /// `readFile`: the whole file.
    pub fn read_file(&self, path: &str) -> Result<Vec<u8>> {
        let r = self.resolve(path, "open")?;
        let mut file = self.open_regular(&r, "open", path)?;
        let mut buf = Vec::new();
        file.read_to_end(&mut buf)
            .map_err(|e| io_error(&e, "open", path))?;
        Ok(buf)
    }

    fn writable(&self, r: &Resolved, op: &str, path: &str) -> Result<()> {
        match r.area {
            Area::Mount(_) => Err(fs_error(FS_PERMISSION_DENIED, op, path)),
            _ => Ok(()),
        }
    }

    /// `writeFile`: creates or truncates a file in the user or temp dir
    /// (`append`: appends instead). Mounts are read-only.
    pub fn write_file(&self, path: &str, data: &[u8], append: bool) -> Result<()> {
        let op = "open";
        let r = self.resolve(path, op)?;
        self.writable(&r, op, path)?;
        if r.rel.as_os_str().is_empty() {
            return Err(fs_error(FS_IS_DIRECTORY, op, path));
        }
        let dir = self.dir_of(&r.area);
        let mut oo = OpenOptions::new();
        // No truncation at open: the descriptor is checked first, so a hard
        // link to a file outside is never truncated.
        oo.write(true).create(true);
        oo.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
        oo.mode(0o644);
        let mut file = dir
            .open_with(&r.rel, &oo)
            .map_err(|e| io_error(&e, op, path))?
            .into_std();
        let md = file.metadata().map_err(|e| io_error(&e, op, path))?;
        check_regular(&md, op, path)?;
        if append {
            use std::io::Seek;
            file.seek(io::SeekFrom::End(0))
                .map_err(|e| io_error(&e, op, path))?;
        } else {
            file.set_len(0).map_err(|e| io_error(&e, op, path))?;
        }
        file.write_all(data).map_err(|e| io_error(&e, op, path))?;
        Ok(())
    }

    /// `access`: Ok if the path exists (file or directory).
    pub fn access(&self, path: &str) -> Result<()> {
        self.stat_as(path, "access").map(|_| ())
    }

    /// `stat`: size, type and times. Follows symlinks inside the sandbox only.
    pub fn stat(&self, path: &str) -> Result<FileStat> {
        self.stat_as(path, "stat")
    }

    fn stat_as(&self, path: &str, op: &str) -> Result<FileStat> {
        let r = self.resolve(path, op)?;
        let dir = self.dir_of(&r.area);
        let md = if r.rel.as_os_str().is_empty() {
            dir.dir_metadata()
        } else {
            dir.metadata(&r.rel)
        }
        .map_err(|e| io_error(&e, op, path))?;
        let secs = |t: io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_secs())
                .unwrap_or(0)
        };
        use cap_std::fs::MetadataExt as _;
        Ok(FileStat {
            size: md.len(),
            is_file: md.is_file(),
            is_dir: md.is_dir(),
            mode: md.mode(),
            mtime: secs(md.modified().map(|t| t.into_std())),
            atime: secs(md.accessed().map(|t| t.into_std())),
        })
    }

    /// `unlink`: removes a file (not a directory).
    pub fn unlink(&self, path: &str) -> Result<()> {
        let op = "unlink";
        let r = self.resolve(path, op)?;
        self.writable(&r, op, path)?;
        if r.rel.as_os_str().is_empty() {
            return Err(fs_error(FS_NOT_PERMITTED, op, path));
        }
        let dir = self.dir_of(&r.area);
        let md = dir
            .symlink_metadata(&r.rel)
            .map_err(|e| io_error(&e, op, path))?;
        if md.is_dir() {
            return Err(fs_error(FS_NOT_PERMITTED, op, path));
        }
        dir.remove_file(&r.rel).map_err(|e| io_error(&e, op, path))
    }

    /// `readdir`: the entry names of a directory (mount names included at
    /// the user root), sorted.
    pub fn readdir(&self, path: &str) -> Result<Vec<String>> {
        let op = "scandir";
        let r = self.resolve(path, op)?;
        let dir = self.dir_of(&r.area);
        let entries = if r.rel.as_os_str().is_empty() {
            dir.entries()
        } else {
            dir.read_dir(&r.rel)
        }
        .map_err(|e| io_error(&e, op, path))?;
        let mut names: Vec<String> = entries
            .take(100_000)
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        if r.area == Area::User && r.rel.as_os_str().is_empty() {
            for m in &self.mounts {
                if !names.contains(&m.name) {
                    names.push(m.name.clone());
                }
            }
        }
        names.sort();
        Ok(names)
    }

    /// `mkdir`: creates a directory in the user dir (`recursive`: with its
    /// parents, and an existing directory is fine).
    pub fn mkdir(&self, path: &str, recursive: bool) -> Result<()> {
        let op = "mkdir";
        let r = self.resolve(path, op)?;
        if r.area != Area::User {
            return Err(fs_error(FS_PERMISSION_DENIED, op, path));
        }
        if r.rel.as_os_str().is_empty() {
            return if recursive {
                Ok(())
            } else {
                Err(fs_error(FS_EXISTS, op, path))
            };
        }
        let res = if recursive {
            self.usr.create_dir_all(&r.rel)
        } else {
            self.usr.create_dir(&r.rel)
        };
        res.map_err(|e| io_error(&e, op, path))
    }

    /// A fresh temp file name: `(virtual path in dialect's form, real path)`.
    /// The file is not created. `ext` is without the dot; empty means none.
    pub fn new_temp_path(&self, dialect: Dialect, ext: &str) -> (String, PathBuf) {
        let name = self.new_temp_name(ext);
        let real = self.tmp_real.join(&name);
        (temp_virtual_path(dialect, &name), real)
    }

    fn new_temp_name(&self, ext: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let id = format!(
            "{:010x}{n:04x}",
            (self.nonce ^ random_u64()) & 0xff_ffff_ffff
        );
        let ext: String = ext
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .take(10)
            .collect::<String>()
            .to_ascii_lowercase();
        if ext.is_empty() {
            id
        } else {
            format!("{id}.{ext}")
        }
    }

    /// Creates an empty `.part` file in the temp dir for a download.
    pub fn create_part(&self) -> Result<PartFile> {
        let name = format!("{}.part", self.new_temp_name(""));
        let mut oo = OpenOptions::new();
        oo.write(true).create_new(true);
        oo.mode(0o600);
        let file = self
            .tmp
            .open_with(&name, &oo)
            .map_err(|e| io_error(&e, "open", &name))?
            .into_std();
        let tmp = self
            .tmp
            .try_clone()
            .map_err(|e| io_error(&e, "open", &name))?;
        Ok(PartFile {
            file: Some(file),
            real: self.tmp_real.join(&name),
            name,
            tmp: Some(tmp),
        })
    }

    /// Checks that `path` can be a download's `filePath`: under the user
    /// data path (not a mount, not the temp dir). The parent must exist when
    /// the download finishes.
    pub fn check_save_path(&self, path: &str) -> Result<()> {
        let r = self.resolve(path, "open")?;
        match r.area {
            Area::User if !r.rel.as_os_str().is_empty() => Ok(()),
            Area::User => Err(fs_error(FS_IS_DIRECTORY, "open", path)),
            _ => Err(fs_error(FS_PERMISSION_DENIED, "open", path)),
        }
    }

    /// Moves a finished `.part` file to its final place (renaming within the
    /// sandbox's directory handles) and returns the saved path. On error the
    /// part file is removed.
    pub fn commit_part(
        &self,
        mut part: PartFile,
        target: &SaveTarget,
        dialect: Dialect,
    ) -> Result<Saved> {
        // Close before the rename.
        part.file = None;
        let result = match target {
            SaveTarget::Temp(ext) => {
                let name = self.new_temp_name(ext);
                self.tmp
                    .rename(&part.name, &self.tmp, &name)
                    .map_err(|e| io_error(&e, "rename", &name))
                    .map(|()| Saved {
                        path: temp_virtual_path(dialect, &name),
                        real_path: self.tmp_real.join(&name),
                    })
            }
            SaveTarget::User(path) => self.commit_user(&part.name, path),
        };
        part.discard();
        result
    }

    fn commit_user(&self, part_name: &str, path: &str) -> Result<Saved> {
        let op = "open";
        self.check_save_path(path)?;
        let r = self.resolve(path, op)?;
        // Refuse to replace anything that is not a plain file (a directory,
        // a symlink, a FIFO...).
        match self.usr.symlink_metadata(&r.rel) {
            Ok(md) if md.is_dir() => return Err(fs_error(FS_IS_DIRECTORY, op, path)),
            Ok(md) if !md.is_file() => return Err(fs_error(FS_PERMISSION_DENIED, op, path)),
            _ => {}
        }
        self.tmp
            .rename(part_name, &self.usr, &r.rel)
            .map_err(|e| io_error(&e, op, path))?;
        Ok(Saved {
            path: path.to_string(),
            real_path: self.real_of(&r),
        })
    }

    /// Removes this run's temp dir now (also done on drop).
    pub fn cleanup(&self) {
        let _ = self.tmp_parent.remove_dir_all(&self.tmp_name);
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.cleanup();
    }
}

fn temp_virtual_path(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::Wx => format!("{WX_TMP_PREFIX}{name}"),
        Dialect::My => format!("{MY_TMP_PREFIX}{name}"),
    }
}

fn check_regular(md: &std::fs::Metadata, op: &str, path: &str) -> Result<()> {
    if md.is_dir() {
        return Err(fs_error(FS_IS_DIRECTORY, op, path));
    }
    if !md.is_file() {
        return Err(fs_error(FS_PERMISSION_DENIED, op, path));
    }
    // A second link may be a hard link to a file outside the sandbox.
    if md.nlink() > 1 {
        return Err(fs_error(FS_PERMISSION_DENIED, op, path));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_dir_names() {
        assert_eq!(run_dir_pid("run-12-00ff"), Some(12));
        assert_eq!(run_dir_pid("run-12-"), None);
        assert_eq!(run_dir_pid("run-x-00"), None);
        assert_eq!(run_dir_pid("other"), None);
    }

    #[test]
    fn segments() {
        assert!(segment_ok("a.txt"));
        assert!(segment_ok("..a"));
        for bad in [
            "", ".", "..", "a\\b", "a\0", "%2e%2e", "%2E.", "a%2fb", "a\nb",
        ] {
            assert!(!segment_ok(bad), "{bad:?}");
        }
    }
}
