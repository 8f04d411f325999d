//! Option readers shared by the API families' natives (request, transfers,
//! sockets): one place for how a header object is read and checked.

use minihost_net::{Dialect, Error};
use rquickjs::{Coerced, Object, Type, Value};

use crate::convert::wrong_type;

/// Reads the header object of an options object.
///
/// `wx` reads `names.0` and converts values with `String()`; `my` reads
/// `names.0`, or `names.1` when that is absent (the platform accepts both
/// spellings), and requires string values. A name or value with CR, LF or NUL
/// is a parameter error. The outer `Result` is an engine error, the inner
/// one the platform failure to report through `fail`.
pub(crate) fn headers_of<'js>(
    o: &Object<'js>,
    dialect: Dialect,
    names: (&str, &str),
) -> rquickjs::Result<Result<Vec<(String, String)>, Error>> {
    let wx = dialect == Dialect::Wx;
    let (wx_name, my_alias) = names;
    let mut hname = wx_name;
    let mut hv: Value = o.get(hname)?;
    if !wx && (hv.is_undefined() || hv.is_null()) {
        let alias: Value = o.get(my_alias)?;
        if !alias.is_undefined() {
            hname = my_alias;
            hv = alias;
        }
    }
    header_values(&hv, hname, wx)
}

/// Reads the header object `hv` (the option named `hname`): `wx` converts
/// values with `String()`, `my` requires strings; CR, LF or NUL in a name or
/// value is a parameter error.
pub(crate) fn header_values<'js>(
    hv: &Value<'js>,
    hname: &str,
    wx: bool,
) -> rquickjs::Result<Result<Vec<(String, String)>, Error>> {
    let mut headers = Vec::new();
    match (hv.type_of(), hv.as_object()) {
        (Type::Undefined | Type::Null | Type::Uninitialized, _) => {}
        (Type::Array | Type::Function | Type::Constructor, _) | (_, None) => {
            return Ok(Err(wrong_type(hname, "Object", hv)))
        }
        (_, Some(obj)) => {
            for prop in obj.props::<rquickjs::Atom, Value>() {
                let (k, v) = prop?;
                // Through a JS string: an atom's C string would stop at a NUL.
                let k = k.to_js_string()?.to_string().unwrap_or_default();
                let value = if wx {
                    v.get::<Coerced<String>>()?.0
                } else if let Some(s) = v.as_string() {
                    s.to_string().unwrap_or_default()
                } else {
                    return Ok(Err(wrong_type(&format!("{hname}.{k}"), "String", &v)));
                };
                if has_ctl(&k) || has_ctl(&value) {
                    return Ok(Err(Error::param(format!(
                        "parameter.{hname}.{k} should not contain CR, LF or NUL;"
                    ))));
                }
                headers.push((k, value));
            }
        }
    }
    Ok(Ok(headers))
}

/// True when `s` holds CR, LF or NUL.
pub(crate) fn has_ctl(s: &str) -> bool {
    s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
}

/// JS truthiness of an option value (`!!v`).
pub(crate) fn truthy(v: &Value<'_>) -> bool {
    match v.type_of() {
        Type::Undefined | Type::Null | Type::Uninitialized => false,
        Type::Bool => v.as_bool().unwrap_or(false),
        Type::Int | Type::Float => v.as_number().is_some_and(|n| n != 0.0 && !n.is_nan()),
        Type::String => v
            .as_string()
            .is_some_and(|s| s.to_string().map(|s| !s.is_empty()).unwrap_or(true)),
        _ => true,
    }
}
