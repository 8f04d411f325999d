//! Small conversions shared by the API families: platform type names for
//! parameter errors, fail objects from [`minihost_net::Error`], header objects.

use minihost_net::{ApiName, Dialect, Error};
use rquickjs::object::Property;
use rquickjs::{Array, Ctx, Object, Type, Value};

/// The platform's name of a JS value's type, as `wx` parameter errors spell
/// it: `String Number Boolean Object Array ArrayBuffer Function Undefined Null`.
pub(crate) fn type_name(v: &Value<'_>) -> &'static str {
    match v.type_of() {
        Type::Uninitialized | Type::Undefined => "Undefined",
        Type::Null => "Null",
        Type::Bool => "Boolean",
        Type::Int | Type::Float => "Number",
        Type::String => "String",
        Type::Symbol => "Symbol",
        Type::BigInt => "BigInt",
        Type::Array => "Array",
        Type::Function | Type::Constructor => "Function",
        _ => match v.as_object() {
            Some(o) if o.is_array_buffer() => "ArrayBuffer",
            _ => "Object",
        },
    }
}

/// `parameter.<name> should be <Want> instead of <Got>;`, the platform's wording.
pub(crate) fn wrong_type(name: &str, want: &str, got: &Value<'_>) -> Error {
    Error::param(format!(
        "parameter.{name} should be {want} instead of {};",
        type_name(got)
    ))
}

/// The fail object of `err` for `api` in `dialect`: `wx` `{errMsg, errno}`,
/// `my` `{error, errorMessage}`.
pub(crate) fn fail_object<'js>(
    ctx: &Ctx<'js>,
    dialect: Dialect,
    api: ApiName,
    err: &Error,
) -> rquickjs::Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    match dialect {
        Dialect::Wx => {
            let wx = err.wx();
            o.set("errMsg", format!("{}:fail {}", api.as_str(), wx.reason))?;
            o.set("errno", wx.errno)?;
        }
        Dialect::My => {
            let my = err.my(api);
            o.set("error", my.error)?;
            o.set("errorMessage", my.message)?;
        }
    }
    Ok(o)
}

/// A header object `{name: value}` in arrival order (names as sent), each
/// field an own data property. Assigned (QuickJS's fast path for a new
/// property on a plain object); a field named `__proto__` is defined instead,
/// as `JSON.parse` would, so it stays a field.
pub(crate) fn header_object<'js, K, V>(
    ctx: &Ctx<'js>,
    headers: impl IntoIterator<Item = (K, V)>,
) -> rquickjs::Result<Object<'js>>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let o = Object::new(ctx.clone())?;
    for (k, v) in headers {
        let (k, v) = (k.as_ref(), v.as_ref());
        if k == "__proto__" {
            let v = rquickjs::String::from_str(ctx.clone(), v)?;
            o.prop(k, Property::from(v).writable().enumerable().configurable())?;
        } else {
            o.set(k, v)?;
        }
    }
    Ok(o)
}

/// An array of strings.
pub(crate) fn string_array<'js, S: AsRef<str>>(
    ctx: &Ctx<'js>,
    items: impl IntoIterator<Item = S>,
) -> rquickjs::Result<Array<'js>> {
    let a = Array::new(ctx.clone())?;
    for (i, s) in items.into_iter().enumerate() {
        a.set(i, s.as_ref())?;
    }
    Ok(a)
}

/// `0` → `wx`, anything else → `my` (the glue passes a number).
pub(crate) fn dialect_of(n: i32) -> Dialect {
    if n == 0 {
        Dialect::Wx
    } else {
        Dialect::My
    }
}
