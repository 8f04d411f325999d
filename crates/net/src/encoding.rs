//! Request data encoding (SPEC §2), shared by both dialects.
//!
//! The rules, as the platforms' base libraries implement them:
//!
//! - `GET` / `HEAD`: the data goes into the query. An object becomes
//!   `encodeURIComponent(k)=encodeURIComponent(v)&...` (see [`query_from_json`]);
//!   a string is appended as is. The result is joined to the URL's existing
//!   query with `&` (or starts it with `?`). The fragment is never sent.
//! - Other methods: with a `content-type` of `application/x-www-form-urlencoded`
//!   (case-insensitive, parameters after `;` ignored) an object becomes the same
//!   query string, sent as the body; otherwise the JSON text is the body. A
//!   string is sent as is, binary data as raw bytes.
//!
//! Decisions where the seeds are silent (they follow what the platforms' JS
//! does, `Object.keys(data).map(...)`):
//! - a top-level array is treated like an object with index keys
//!   (`["a","b"]` → `0=a&1=b`);
//! - a top-level `null`, number or boolean has no keys and yields an empty
//!   query string (nothing is appended; an urlencoded body is empty);
//! - a top-level JSON string (not normally produced: strings arrive as
//!   [`Data::Text`]) is used raw, like a string;
//! - values: strings raw, `null` → `null`, numbers and booleans as their JSON
//!   text (which is what `String(v)` gives for finite numbers), objects and
//!   arrays `JSON.stringify`-ed (key order kept);
//! - binary data on `GET` / `HEAD` is sent as the body.
//!
//! The query text produced here is exact `encodeURIComponent` output. Once put
//! into the URL, the WHATWG URL serialisation that every hop is checked with
//! additionally escapes `'` as `%27` in the query of `http(s)` URLs (as browsers
//! do); servers decode both forms to the same text.

use bytes::Bytes;
use serde_json::Value;
use url::Url;

use crate::error::{Error, ErrorKind, Result};
use crate::request::Data;

/// True for the bytes `encodeURIComponent` leaves alone:
/// `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
        )
}

/// Appends JS `encodeURIComponent(s)` to `out`: UTF-8 bytes outside the
/// unreserved set become `%XX` (upper-case hex).
pub fn encode_uri_component_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if unreserved(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// JS `encodeURIComponent(s)`.
pub fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_uri_component_into(s, &mut out);
    out
}

/// `String(v)` of a JSON value as the platforms' query encoder sees it.
fn push_value(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => encode_uri_component_into(s, out),
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => encode_uri_component_into(&n.to_string(), out),
        Value::Array(_) | Value::Object(_) => {
            // `to_string` on a Value cannot fail (string keys only).
            let text = serde_json::to_string(v).unwrap_or_default();
            encode_uri_component_into(&text, out);
        }
    }
}

fn push_pair(key: &str, v: &Value, out: &mut String) {
    if !out.is_empty() {
        out.push('&');
    }
    encode_uri_component_into(key, out);
    out.push('=');
    push_value(v, out);
}

/// The query string for data given as `JSON.stringify` output (see the
/// module docs for non-object values). Invalid JSON is
/// [`ErrorKind::UrlEncode`].
pub fn query_from_json(json: &str) -> Result<String> {
    let v: Value = serde_json::from_str(json)
        .map_err(|e| Error::new(ErrorKind::UrlEncode, format!("invalid data: {e}")))?;
    let mut out = String::new();
    match v {
        Value::Object(map) => {
            for (k, v) in &map {
                push_pair(k, v, &mut out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                push_pair(&i.to_string(), v, &mut out);
            }
        }
        Value::String(s) => out = s,
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
    Ok(out)
}

/// True when `content_type` is `application/x-www-form-urlencoded`
/// (case-insensitive, anything after `;` ignored).
pub fn is_urlencoded(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("");
    essence
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// True for the methods whose data goes into the query.
pub fn data_in_query(method: &str) -> bool {
    method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD")
}

/// Appends `extra` to the query of `url` with `&` (or as the whole query).
pub fn append_query(url: &mut Url, extra: &str) {
    if extra.is_empty() {
        return;
    }
    match url.query() {
        Some(q) if !q.is_empty() => {
            let mut joined = String::with_capacity(q.len() + 1 + extra.len());
            joined.push_str(q);
            joined.push('&');
            joined.push_str(extra);
            url.set_query(Some(&joined));
        }
        _ => url.set_query(Some(extra)),
    }
}

/// Applies `data` to a request: puts it into the query of `url` (GET/HEAD)
/// or returns the body to send. Always removes the URL's fragment.
///
/// `urlencoded` is [`is_urlencoded`] of the request's content-type.
pub fn apply(url: &mut Url, method: &str, urlencoded: bool, data: Data) -> Result<Option<Bytes>> {
    url.set_fragment(None);
    let in_query = data_in_query(method);
    Ok(match data {
        // A method with a body sends an empty one (Content-Length: 0), as
        // browsers do; GET/HEAD send none.
        Data::None if in_query => None,
        Data::None => Some(Bytes::new()),
        Data::Binary(b) => Some(b),
        Data::Text(s) if in_query => {
            append_query(url, &s);
            None
        }
        Data::Text(s) => Some(Bytes::from(s)),
        Data::Json(j) if in_query => {
            append_query(url, &query_from_json(&j)?);
            None
        }
        Data::Json(j) if urlencoded => Some(Bytes::from(query_from_json(&j)?)),
        Data::Json(j) => Some(Bytes::from(j)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_uri_component_matches_js() {
        // (input, encodeURIComponent(input)) as a JS engine prints them.
        let table: &[(&str, &str)] = &[
            ("", ""),
            ("abcXYZ019", "abcXYZ019"),
            ("-_.!~*'()", "-_.!~*'()"),
            (" ", "%20"),
            ("+", "%2B"),
            ("a b+c", "a%20b%2Bc"),
            (";,/?:@&=+$#", "%3B%2C%2F%3F%3A%40%26%3D%2B%24%23"),
            ("%", "%25"),
            ("\"<>\\^`{|}[]", "%22%3C%3E%5C%5E%60%7B%7C%7D%5B%5D"),
            ("\n\r\t\0", "%0A%0D%09%00"),
            ("\u{7f}", "%7F"),
            ("é", "%C3%A9"),
            ("中文", "%E4%B8%AD%E6%96%87"),
            ("😀", "%F0%9F%98%80"),
            ("\u{2028}", "%E2%80%A8"),
        ];
        for (input, want) in table {
            assert_eq!(encode_uri_component(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn query_from_json_table() {
        // (JSON.stringify(data), expected query) — at least the SPEC cases.
        let table: &[(&str, &str)] = &[
            (r#"{}"#, ""),
            (r#"{"a":1}"#, "a=1"),
            (r#"{"a":"x","b":"y"}"#, "a=x&b=y"),
            (r#"{"a":null}"#, "a=null"),
            (r#"{"t":true,"f":false}"#, "t=true&f=false"),
            (r#"{"n":1.5,"e":1e+21,"neg":-3}"#, "n=1.5&e=1e%2B21&neg=-3"),
            (
                r#"{"big":123456789012345678901234567890}"#,
                "big=123456789012345678901234567890",
            ),
            (r#"{"s":"a b&c=d"}"#, "s=a%20b%26c%3Dd"),
            (r#"{"k y":"v"}"#, "k%20y=v"),
            (r#"{"中":"文"}"#, "%E4%B8%AD=%E6%96%87"),
            (r#"{"emoji":"😀"}"#, "emoji=%F0%9F%98%80"),
            (
                r#"{"o":{"x":1,"y":[1,2]}}"#,
                "o=%7B%22x%22%3A1%2C%22y%22%3A%5B1%2C2%5D%7D",
            ),
            (r#"{"arr":[1,2]}"#, "arr=%5B1%2C2%5D"),
            (
                r#"{"nested":{"s":"a\"b"}}"#,
                "nested=%7B%22s%22%3A%22a%5C%22b%22%7D",
            ),
            (r#"{"z":1,"a":2}"#, "z=1&a=2"),
            (r#"{"empty":""}"#, "empty="),
            (r#"{"reserved":"-_.!~*'()"}"#, "reserved=-_.!~*'()"),
            (r#"{"pct":"100%"}"#, "pct=100%25"),
            (r#"{"nl":"a\nb"}"#, "nl=a%0Ab"),
            (r#"["a","b"]"#, "0=a&1=b"),
            (r#"[{"x":1}]"#, "0=%7B%22x%22%3A1%7D"),
            ("null", ""),
            ("42", ""),
            ("true", ""),
            (r#""raw=1&b""#, "raw=1&b"),
        ];
        for (json, want) in table {
            assert_eq!(query_from_json(json).unwrap(), *want, "data {json}");
        }
        assert_eq!(
            query_from_json("{bad").unwrap_err().kind,
            ErrorKind::UrlEncode
        );
    }

    #[test]
    fn urlencoded_detection() {
        assert!(is_urlencoded("application/x-www-form-urlencoded"));
        assert!(is_urlencoded(
            "Application/X-WWW-Form-URLEncoded; charset=UTF-8"
        ));
        assert!(is_urlencoded(
            " application/x-www-form-urlencoded ;charset=utf-8"
        ));
        assert!(!is_urlencoded("application/json"));
        assert!(!is_urlencoded("application/x-www-form-urlencoded-x"));
        assert!(!is_urlencoded(""));
    }

    fn applied(url: &str, method: &str, urlencoded: bool, data: Data) -> (String, Option<Bytes>) {
        let mut u = Url::parse(url).unwrap();
        let body = apply(&mut u, method, urlencoded, data).unwrap();
        (u.to_string(), body)
    }

    #[test]
    fn apply_table() {
        let j = |s: &str| Data::Json(s.to_string());
        let t = |s: &str| Data::Text(s.to_string());
        // (url, method, urlencoded, data, url sent, body sent)
        type Case = (
            &'static str,
            &'static str,
            bool,
            Data,
            &'static str,
            Option<&'static [u8]>,
        );
        let cases: Vec<Case> = vec![
            (
                "https://h/p",
                "GET",
                false,
                j(r#"{"a":1}"#),
                "https://h/p?a=1",
                None,
            ),
            (
                "https://h/p?x=0",
                "GET",
                false,
                j(r#"{"a":1}"#),
                "https://h/p?x=0&a=1",
                None,
            ),
            (
                "https://h/p?",
                "GET",
                false,
                j(r#"{"a":1}"#),
                "https://h/p?a=1",
                None,
            ),
            (
                "https://h/p?x=0#frag",
                "GET",
                false,
                j(r#"{"a":1}"#),
                "https://h/p?x=0&a=1",
                None,
            ),
            (
                "https://h/p#frag",
                "GET",
                false,
                Data::None,
                "https://h/p",
                None,
            ),
            (
                "https://h/p",
                "HEAD",
                false,
                j(r#"{"a":"b c"}"#),
                "https://h/p?a=b%20c",
                None,
            ),
            (
                "https://h/p",
                "get",
                false,
                t("q=1&r=2"),
                "https://h/p?q=1&r=2",
                None,
            ),
            (
                "https://h/p?x",
                "GET",
                false,
                t("q=1"),
                "https://h/p?x&q=1",
                None,
            ),
            ("https://h/p", "GET", false, j("{}"), "https://h/p", None),
            (
                "https://h/p",
                "POST",
                false,
                j(r#"{"a":1}"#),
                "https://h/p",
                Some(br#"{"a":1}"#),
            ),
            (
                "https://h/p",
                "POST",
                true,
                j(r#"{"a":1,"b":"x y"}"#),
                "https://h/p",
                Some(b"a=1&b=x%20y"),
            ),
            (
                "https://h/p",
                "PUT",
                false,
                t("plain"),
                "https://h/p",
                Some(b"plain"),
            ),
            (
                "https://h/p",
                "POST",
                true,
                t("a=1"),
                "https://h/p",
                Some(b"a=1"),
            ),
            (
                "https://h/p",
                "POST",
                false,
                Data::Binary(Bytes::from_static(&[0, 255])),
                "https://h/p",
                Some(&[0, 255]),
            ),
            (
                "https://h/p",
                "DELETE",
                false,
                j(r#"{"a":1}"#),
                "https://h/p",
                Some(br#"{"a":1}"#),
            ),
            (
                "https://h/p",
                "POST",
                false,
                Data::None,
                "https://h/p",
                Some(b""),
            ),
            ("https://h/p", "GET", false, Data::None, "https://h/p", None),
        ];
        for (url, method, ue, data, want_url, want_body) in cases {
            let (u, body) = applied(url, method, ue, data);
            assert_eq!(u, want_url, "{method} {url}");
            assert_eq!(body.as_deref(), want_body, "{method} {url}");
        }
    }

    #[test]
    fn apostrophe_is_escaped_by_the_url_serialisation() {
        let (u, _) = applied(
            "https://h/p",
            "GET",
            false,
            Data::Json(r#"{"q":"it's"}"#.into()),
        );
        assert_eq!(u, "https://h/p?q=it%27s");
    }
}
