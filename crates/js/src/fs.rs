//! The file-system manager (`wx.getFileSystemManager()` /
//! `my.getFileSystemManager()`, SPEC §8): the native half, and the app's
//! [`Sandbox`] shared with the transfer family.
//!
//! `__mh.tempFiles()` lists the run's temp dir (for tests).
//!
//! `__mh.fs(dialect, api, path, a, b, c)` runs one operation synchronously
//! and returns `[true, value]` or `[false, failObject]`; `api` is the
//! platform method name (`readFile`, `readFileSync`, ...), which names the
//! failure (`readFileSync:fail no such file or directory, open wxfile://usr/x`).
//! The glue (`js/fs.js`) turns that into callbacks (async forms) or a thrown
//! `Error` (sync forms).
//!
//! | api | a | b | c | value |
//! |---|---|---|---|---|
//! | `readFile` | encoding | position | length | `ArrayBuffer`, or a string with an encoding |
//! | `writeFile` / `appendFile` | data (string / `ArrayBuffer` / `Uint8Array`) | encoding | | — |
//! | `access` | | | | — |
//! | `stat` | | | | `{size, mode, lastModifiedTime, lastAccessedTime, isFile, isDirectory}` |
//! | `unlink` | | | | — |
//! | `readdir` | | | | array of names |
//! | `mkdir` | recursive | | | — |
//!
//! Encodings: `utf8`/`utf-8` (the default for strings written), `base64`,
//! `hex`, `latin1`/`binary`, `ascii`, `ucs2`/`ucs-2`/`utf16le`/`utf-16le`.

use std::cell::{OnceCell, RefCell};
use std::rc::{Rc, Weak};
use std::sync::Arc;

use base64::Engine as _;
use minihost_net::sandbox::{fs_error, Sandbox};
use minihost_net::{ApiName, Error, ErrorKind};
use rquickjs::{Array, Ctx, Function, IntoJs, Object, Value};

use crate::bytes::{array_buffer, bytes_of, is_binary};
use crate::convert::{dialect_of, fail_object, type_name};
use crate::state::State;

/// The app's sandbox, opened on first use, shared by the natives of the fs
/// and transfer families of one run. The natives hold it; it is dropped with
/// the engine (and the last transfer task), which removes the run's temp dir.
pub(crate) struct SandboxCell {
    cell: OnceCell<Result<Arc<Sandbox>, Error>>,
}

thread_local! {
    /// The cell of each live host run on this thread (a `Weak` of the run's
    /// state keeps the key unique while it is listed).
    static CELLS: RefCell<Vec<(Weak<State>, Weak<SandboxCell>)>> = const { RefCell::new(Vec::new()) };
}

/// The sandbox cell of the run `state` belongs to (one per run).
pub(crate) fn sandbox_cell(state: &Rc<State>) -> Rc<SandboxCell> {
    let key = Rc::downgrade(state);
    CELLS.with(|cells| {
        let mut cells = cells.borrow_mut();
        cells.retain(|(s, c)| s.strong_count() > 0 && c.strong_count() > 0);
        if let Some(cell) = cells
            .iter()
            .find(|(s, _)| Weak::ptr_eq(s, &key))
            .and_then(|(_, c)| c.upgrade())
        {
            return cell;
        }
        let cell = Rc::new(SandboxCell {
            cell: OnceCell::new(),
        });
        cells.push((key, Rc::downgrade(&cell)));
        cell
    })
}

impl SandboxCell {
    /// The sandbox, opened (with its mount) on first use.
    pub(crate) fn get(&self, st: &State) -> Result<Arc<Sandbox>, Error> {
        self.cell
            .get_or_init(|| {
                let mut sb = Sandbox::new(&st.config.data_dir)?;
                if let Some(dir) = &st.mount {
                    sb.mount(dir)?;
                }
                Ok(Arc::new(sb))
            })
            .clone()
    }
}

/// The platform method names, as `&'static str` for [`ApiName::Fs`].
const APIS: [&str; 16] = [
    "readFile",
    "readFileSync",
    "writeFile",
    "writeFileSync",
    "appendFile",
    "appendFileSync",
    "access",
    "accessSync",
    "stat",
    "statSync",
    "unlink",
    "unlinkSync",
    "readdir",
    "readdirSync",
    "mkdir",
    "mkdirSync",
];

/// Installs `__mh.fs`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    mh: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let st = state.clone();
    let cell = sandbox_cell(state);
    mh.set(
        "fs",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'js>,
                  dialect: i32,
                  api: String,
                  path: Value<'js>,
                  a: Value<'js>,
                  b: Value<'js>,
                  c: Value<'js>|
                  -> rquickjs::Result<Array<'js>> {
                let dialect = dialect_of(dialect);
                let Some(api) = APIS.iter().copied().find(|n| *n == api) else {
                    return Err(rquickjs::Exception::throw_type(
                        &ctx,
                        &format!("unknown file-system operation {api}"),
                    ));
                };
                let out = Array::new(ctx.clone())?;
                match op(&ctx, &st, &cell, api, path, a, b, c)? {
                    Ok(v) => {
                        out.set(0, true)?;
                        out.set(1, v)?;
                    }
                    Err(e) => {
                        out.set(0, false)?;
                        out.set(1, fail_object(&ctx, dialect, ApiName::Fs(api), &e)?)?;
                    }
                }
                Ok(out)
            },
        )?,
    )?;
    // Test introspection: the names in the run's temp dir (cases check that
    // an aborted or failed download left nothing behind).
    let st = state.clone();
    let cell = sandbox_cell(state);
    mh.set(
        "tempFiles",
        Function::new(ctx.clone(), move || -> Vec<String> {
            let Ok(sb) = cell.get(&st) else {
                return Vec::new();
            };
            let mut names: Vec<String> = std::fs::read_dir(sb.temp_dir())
                .map(|rd| {
                    rd.take(100_000)
                        .flatten()
                        .filter_map(|e| e.file_name().into_string().ok())
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        })?,
    )?;
    Ok(())
}

/// A string argument, or a parameter error naming it.
fn string_arg(v: &Value<'_>, name: &str) -> Result<String, Error> {
    match v.as_string() {
        Some(s) => s
            .to_string()
            .map_err(|_| Error::param(format!("parameter.{name} is not valid UTF-16;"))),
        None => Err(Error::param(format!(
            "parameter.{name} should be String instead of {};",
            type_name(v)
        ))),
    }
}

/// An optional non-negative integer argument.
fn index_arg(v: &Value<'_>, name: &str) -> Result<Option<u64>, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_number() {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(Some(n as u64)),
        Some(_) => Err(Error::new(
            ErrorKind::Fs(if name == "position" {
                1_301_007
            } else {
                1_301_006
            }),
            format!("the value of \"{name}\" is out of range"),
        )),
        None => Err(Error::param(format!(
            "parameter.{name} should be Number instead of {};",
            type_name(v)
        ))),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Base64,
    Hex,
    Latin1,
    Ascii,
    Utf16le,
}

/// `None` for no encoding (`undefined`, `null`, `""`).
fn encoding_arg(v: &Value<'_>) -> Result<Option<Encoding>, Error> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let s = string_arg(v, "encoding")?;
    let e = match s.to_ascii_lowercase().as_str() {
        "" => return Ok(None),
        "utf8" | "utf-8" => Encoding::Utf8,
        "base64" => Encoding::Base64,
        "hex" => Encoding::Hex,
        "latin1" | "binary" => Encoding::Latin1,
        "ascii" => Encoding::Ascii,
        "ucs2" | "ucs-2" | "utf16le" | "utf-16le" => Encoding::Utf16le,
        _ => {
            return Err(Error::param(format!(
                "parameter.encoding should be one of ascii/base64/binary/hex/latin1/ucs2/utf16le/utf-8/utf8 instead of {s};"
            )))
        }
    };
    Ok(Some(e))
}

fn decode(bytes: &[u8], enc: Encoding) -> String {
    match enc {
        Encoding::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        Encoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
        Encoding::Hex => bytes.iter().map(|b| format!("{b:02x}")).collect(),
        Encoding::Latin1 => bytes.iter().map(|&b| b as char).collect(),
        Encoding::Ascii => bytes.iter().map(|&b| (b & 0x7f) as char).collect(),
        Encoding::Utf16le => {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
    }
}

fn encode(s: &str, enc: Encoding) -> Result<Vec<u8>, Error> {
    let bad = |what: &str| Error::param(format!("parameter.data is not valid {what};"));
    Ok(match enc {
        Encoding::Utf8 => s.as_bytes().to_vec(),
        Encoding::Base64 => {
            let t: String = s.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            let t = t.trim_end_matches('=');
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(t)
                .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(t))
                .map_err(|_| bad("base64"))?
        }
        Encoding::Hex => {
            let b = s.as_bytes();
            if !b.len().is_multiple_of(2) {
                return Err(bad("hex"));
            }
            let nib = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
            b.chunks_exact(2)
                .map(|p| match (nib(p[0]), nib(p[1])) {
                    (Some(h), Some(l)) => Ok(h << 4 | l),
                    _ => Err(bad("hex")),
                })
                .collect::<Result<_, _>>()?
        }
        Encoding::Latin1 | Encoding::Ascii => s.chars().map(|c| c as u32 as u8).collect(),
        Encoding::Utf16le => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
    })
}

/// One operation. The outer error is a JS exception; the inner one the
/// platform failure.
#[allow(clippy::too_many_arguments)] // the native's arguments, as JS passed them
fn op<'js>(
    ctx: &Ctx<'js>,
    st: &State,
    cell: &SandboxCell,
    api: &'static str,
    path: Value<'js>,
    a: Value<'js>,
    b: Value<'js>,
    c: Value<'js>,
) -> rquickjs::Result<Result<Value<'js>, Error>> {
    let name = api.strip_suffix("Sync").unwrap_or(api);
    let path_name = match name {
        "readFile" | "writeFile" | "appendFile" | "unlink" => "filePath",
        "readdir" | "mkdir" => "dirPath",
        _ => "path",
    };
    let path = match string_arg(&path, path_name) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let sb = match cell.get(st) {
        Ok(s) => s,
        Err(e) => return Ok(Err(e)),
    };
    let undef = Value::new_undefined(ctx.clone());
    let r: Result<Value<'js>, Error> = match name {
        "readFile" => {
            let parsed = encoding_arg(&a)
                .and_then(|enc| Ok((enc, index_arg(&b, "position")?, index_arg(&c, "length")?)));
            let (enc, pos, len) = match parsed {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            match sb.read_file(&path) {
                Err(e) => Err(e),
                Ok(bytes) => match slice(bytes, pos, len) {
                    Err(e) => Err(e),
                    Ok(bytes) => Ok(match enc {
                        None => array_buffer(ctx, bytes.into())?.into_value(),
                        Some(enc) => decode(&bytes, enc).into_js(ctx)?,
                    }),
                },
            }
        }
        "writeFile" | "appendFile" => {
            let data = match data_arg(&a, &b) {
                Ok(d) => d,
                Err(e) => return Ok(Err(e)),
            };
            sb.write_file(&path, &data, name == "appendFile")
                .map(|()| undef)
        }
        "access" => sb.access(&path).map(|()| undef),
        "stat" => match sb.stat(&path) {
            Err(e) => Err(e),
            Ok(s) => {
                let o = Object::new(ctx.clone())?;
                o.set("size", s.size as f64)?;
                o.set("mode", s.mode)?;
                o.set("lastModifiedTime", s.mtime as f64)?;
                o.set("lastAccessedTime", s.atime as f64)?;
                o.set("isFile", s.is_file)?;
                o.set("isDirectory", s.is_dir)?;
                Ok(o.into_value())
            }
        },
        "unlink" => sb.unlink(&path).map(|()| undef),
        "readdir" => match sb.readdir(&path) {
            Err(e) => Err(e),
            Ok(names) => {
                let arr = Array::new(ctx.clone())?;
                for (i, n) in names.iter().enumerate() {
                    arr.set(i, n.as_str())?;
                }
                Ok(arr.into_value())
            }
        },
        "mkdir" => {
            let recursive = a.as_bool().unwrap_or(false);
            sb.mkdir(&path, recursive).map(|()| undef)
        }
        _ => Err(fs_error(minihost_net::sandbox::FS_INVALID, name, &path)),
    };
    Ok(r)
}

fn slice(bytes: Vec<u8>, pos: Option<u64>, len: Option<u64>) -> Result<Vec<u8>, Error> {
    let size = bytes.len() as u64;
    let start = pos.unwrap_or(0);
    if start > size {
        return Err(Error::new(
            ErrorKind::Fs(1_301_007),
            "the value of \"position\" is out of range",
        ));
    }
    let len = len.unwrap_or(size - start);
    if start + len > size {
        return Err(Error::new(
            ErrorKind::Fs(1_301_006),
            "the value of \"length\" is out of range",
        ));
    }
    if start == 0 && len == size {
        return Ok(bytes);
    }
    Ok(bytes[start as usize..(start + len) as usize].to_vec())
}

/// `writeFile`'s data: a string in `encoding` (default utf8) or bytes.
fn data_arg(data: &Value<'_>, encoding: &Value<'_>) -> Result<Vec<u8>, Error> {
    if let Some(s) = data.as_string() {
        let s = s
            .to_string()
            .map_err(|_| Error::param("parameter.data is not valid UTF-16;"))?;
        let enc = encoding_arg(encoding)?.unwrap_or(Encoding::Utf8);
        return encode(&s, enc);
    }
    if let Some(obj) = data.as_object() {
        if is_binary(obj) {
            return bytes_of(data).ok_or_else(|| Error::param("parameter.data is detached;"));
        }
    }
    Err(Error::param(format!(
        "parameter.data should be String/ArrayBuffer instead of {};",
        type_name(data)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip() {
        let bytes: Vec<u8> = (0..=255u8).collect();
        for enc in [Encoding::Base64, Encoding::Hex, Encoding::Latin1] {
            assert_eq!(encode(&decode(&bytes, enc), enc).unwrap(), bytes, "{enc:?}");
        }
        assert_eq!(encode("中", Encoding::Utf8).unwrap(), "中".as_bytes());
        assert_eq!(
            decode(&encode("hé", Encoding::Utf16le).unwrap(), Encoding::Utf16le),
            "hé"
        );
        assert_eq!(encode("aGk=", Encoding::Base64).unwrap(), b"hi");
        assert!(encode("zz", Encoding::Hex).is_err());
        assert_eq!(decode(b"\xff", Encoding::Ascii), "\x7f");
    }

    #[test]
    fn slices() {
        let b = b"abcdef".to_vec();
        assert_eq!(slice(b.clone(), Some(2), Some(3)).unwrap(), b"cde");
        assert_eq!(slice(b.clone(), Some(6), None).unwrap(), b"");
        assert!(slice(b.clone(), Some(7), None).is_err());
        assert!(slice(b, Some(2), Some(5)).is_err());
    }
}
