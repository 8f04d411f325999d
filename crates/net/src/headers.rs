//! Request header rules (SPEC §2, "Headers and identity").
//!
//! - A header name or value containing CR, LF or NUL, an invalid name (not an
//!   HTTP token) or a value with other control characters is a parameter
//!   error ([`ErrorKind::Param`]).
//! - Headers the host owns are dropped, in any case: `Referer`, `Host`,
//!   `Content-Length`, `Transfer-Encoding`, `Connection`, `Upgrade`, `TE`,
//!   `Trailer`, `Keep-Alive`, `Proxy-Connection`, `Expect`.
//! - The fixed Referer of the dialect is set; `Accept-Encoding: gzip, deflate,
//!   br` unless the script set one; `content-type: application/json` unless
//!   the script set one (requests only; uploads set their multipart type).
//! - A script's `Cookie` header is kept.

use std::borrow::Cow;

use http::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::error::{Error, Result};

/// The `Accept-Encoding` the host sends unless the script set one.
pub const ACCEPT_ENCODING: &str = "gzip, deflate, br";

/// Header names a script may not set (lower-case). They are dropped silently.
pub const DROPPED: &[&str] = &[
    "referer",
    "host",
    "content-length",
    "transfer-encoding",
    "connection",
    "upgrade",
    "te",
    "trailer",
    "keep-alive",
    "proxy-connection",
    "expect",
];

/// True when `name` (any case) is one of [`DROPPED`].
pub fn is_dropped(name: &str) -> bool {
    DROPPED.iter().any(|d| d.eq_ignore_ascii_case(name))
}

fn has_crlf_nul(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0))
}

/// Checks one script header and converts it. `Ok(None)` for a dropped name.
pub fn convert(name: &str, value: &str) -> Result<Option<(HeaderName, HeaderValue)>> {
    if has_crlf_nul(name) {
        return Err(Error::param(format!(
            "header name {name:?} contains CR/LF/NUL"
        )));
    }
    if has_crlf_nul(value) {
        return Err(Error::param(format!(
            "header value of {name:?} contains CR/LF/NUL"
        )));
    }
    let hn = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::param(format!("invalid header name {name:?}")))?;
    if is_dropped(hn.as_str()) {
        return Ok(None);
    }
    let hv = HeaderValue::from_str(value)
        .map_err(|_| Error::param(format!("invalid header value of {name:?}")))?;
    Ok(Some((hn, hv)))
}

/// What [`build`] needs besides the script's headers.
#[derive(Debug, Clone, Copy)]
pub struct Defaults<'a> {
    /// The fixed Referer of the dialect.
    pub referer: &'a HeaderValue,
    /// Add `content-type: application/json` when the script set none.
    pub json_content_type: bool,
}

/// Builds the request headers from the script's `headers` (in order; repeated
/// names are all sent) plus the host's defaults.
pub fn build<'a, I>(user: I, defaults: Defaults<'_>) -> Result<HeaderMap>
where
    I: IntoIterator<Item = &'a (String, String)>,
{
    let user = user.into_iter();
    let mut map = HeaderMap::with_capacity(user.size_hint().0 + 3);
    for (name, value) in user {
        if let Some((n, v)) = convert(name, value)? {
            map.append(n, v);
        }
    }
    if defaults.json_content_type && !map.contains_key(header::CONTENT_TYPE) {
        map.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    if !map.contains_key(header::ACCEPT_ENCODING) {
        map.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static(ACCEPT_ENCODING),
        );
    }
    map.insert(header::REFERER, defaults.referer.clone());
    Ok(map)
}

/// The request's content-type (first value), if any, as text.
pub fn content_type(map: &HeaderMap) -> Option<&str> {
    map.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
}

/// Response header value as text: UTF-8 when valid, else each byte as the
/// code point of the same value (ISO-8859-1), as browsers do.
pub fn value_text(v: &HeaderValue) -> String {
    value_cow(v).into_owned()
}

/// [`value_text`], borrowed when the value is UTF-8.
pub fn value_cow(v: &HeaderValue) -> Cow<'_, str> {
    match std::str::from_utf8(v.as_bytes()) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(v.as_bytes().iter().map(|&b| b as char).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn referer() -> HeaderValue {
        HeaderValue::from_static("https://servicewechat.com/app/1/page-frame.html")
    }

    fn hdrs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn drops_host_owned_headers_and_sets_defaults() {
        let r = referer();
        let user = hdrs(&[
            ("REFERER", "https://evil"),
            ("Host", "evil"),
            ("content-length", "5"),
            ("Transfer-Encoding", "chunked"),
            ("Connection", "close"),
            ("Upgrade", "h2c"),
            ("TE", "trailers"),
            ("Keep-Alive", "1"),
            ("Proxy-Connection", "x"),
            ("Expect", "100-continue"),
            ("Cookie", "a=b"),
            ("X-Custom", "v"),
        ]);
        let m = build(
            &user,
            Defaults {
                referer: &r,
                json_content_type: true,
            },
        )
        .unwrap();
        assert_eq!(m.get("referer").unwrap(), &r);
        for d in DROPPED.iter().filter(|d| **d != "referer") {
            assert!(m.get(*d).is_none(), "{d}");
        }
        assert_eq!(m.get("cookie").unwrap(), "a=b");
        assert_eq!(m.get("x-custom").unwrap(), "v");
        assert_eq!(m.get("content-type").unwrap(), "application/json");
        assert_eq!(m.get("accept-encoding").unwrap(), ACCEPT_ENCODING);
    }

    #[test]
    fn keeps_script_content_type_and_accept_encoding() {
        let r = referer();
        let user = hdrs(&[
            ("Content-Type", "text/plain"),
            ("accept-encoding", "identity"),
        ]);
        let m = build(
            &user,
            Defaults {
                referer: &r,
                json_content_type: true,
            },
        )
        .unwrap();
        assert_eq!(m.get_all("content-type").iter().count(), 1);
        assert_eq!(content_type(&m), Some("text/plain"));
        assert_eq!(m.get("accept-encoding").unwrap(), "identity");
        let m = build(
            &[],
            Defaults {
                referer: &r,
                json_content_type: false,
            },
        )
        .unwrap();
        assert!(m.get("content-type").is_none());
    }

    #[test]
    fn rejects_bad_names_and_values() {
        let r = referer();
        let d = Defaults {
            referer: &r,
            json_content_type: true,
        };
        let e = build(&hdrs(&[("x", "a\r\nb: c")]), d).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Param);
        assert_eq!(e.detail, r#"header value of "x" contains CR/LF/NUL"#);
        assert!(build(&hdrs(&[("x", "a\0")]), d).is_err());
        assert!(build(&hdrs(&[("x", "a\nb")]), d).is_err());
        let e = build(&hdrs(&[("x\r\ny", "v")]), d).unwrap_err();
        assert_eq!(e.detail, r#"header name "x\r\ny" contains CR/LF/NUL"#);
        let e = build(&hdrs(&[("bad name", "v")]), d).unwrap_err();
        assert_eq!(e.detail, r#"invalid header name "bad name""#);
        assert!(build(&hdrs(&[("", "v")]), d).is_err());
        assert!(build(&hdrs(&[("x", "a\u{1}b")]), d).is_err());
        // A dropped name with a CR/LF value is still an error.
        assert!(build(&hdrs(&[("Referer", "a\rb")]), d).is_err());
        // UTF-8 values are sent as their bytes.
        let m = build(&hdrs(&[("x", "中文")]), d).unwrap();
        assert_eq!(m.get("x").unwrap().as_bytes(), "中文".as_bytes());
    }

    #[test]
    fn response_fields_join_repeats_in_order() {
        let mut m = HeaderMap::new();
        m.append("x-multi", HeaderValue::from_static("a"));
        m.append("set-cookie", HeaderValue::from_static("a=1; Path=/"));
        m.append("x-multi", HeaderValue::from_static("b"));
        m.append("set-cookie", HeaderValue::from_static("b=2"));
        m.append("x-latin", HeaderValue::from_bytes(&[0xE9]).unwrap());
        m.append("x-one", HeaderValue::from_static("v"));
        let head = crate::ResponseHead {
            status: 200,
            fields: m,
        };
        let f: Vec<(&str, String)> = head.headers().map(|(n, v)| (n, v.into_owned())).collect();
        assert_eq!(
            f,
            vec![
                ("x-multi", "a, b".to_string()),
                ("set-cookie", "a=1; Path=/, b=2".to_string()),
                ("x-latin", "é".to_string()),
                ("x-one", "v".to_string()),
            ]
        );
        assert!(matches!(head.header("X-One"), Some(Cow::Borrowed("v"))));
        assert_eq!(head.header("x-none"), None);
        let c: Vec<Cow<str>> = head.cookies().collect();
        assert_eq!(c, ["a=1; Path=/", "b=2"]);
    }
}
