//! Binary data between JS and Rust: copying the bytes out of an
//! `ArrayBuffer` / `Uint8Array`, and handing owned bytes to JS as an
//! `ArrayBuffer` without a copy.

use rquickjs::{ArrayBuffer, Ctx, Object, TypedArray, Value};

/// The bytes of an `ArrayBuffer` or a `Uint8Array` (other views are turned
/// into a `Uint8Array` over the same memory by the JS glue:
/// `core.bin(v)`). `None` for anything else or a detached buffer.
pub(crate) fn bytes_of(v: &Value<'_>) -> Option<Vec<u8>> {
    let obj = v.as_object()?;
    if let Some(ab) = obj.as_array_buffer() {
        return copy_array_buffer(ab);
    }
    obj.as_typed_array::<u8>().and_then(copy_u8_array)
}

/// True if `obj` is an `ArrayBuffer` or a `Uint8Array`.
pub(crate) fn is_binary(obj: &Object<'_>) -> bool {
    obj.is_array_buffer() || obj.is_typed_array::<u8>()
}

// rquickjs exposes buffer memory only through `unsafe` accessors whose
// contract is "run no JS while the slice is alive". Each function below
// copies the slice into a Vec before returning and calls nothing in
// between, which is exactly that contract.
#[allow(unsafe_code)] // copy out of engine memory; no JS runs while the slice lives
fn copy_array_buffer(ab: &ArrayBuffer<'_>) -> Option<Vec<u8>> {
    // SAFETY: the slice is copied at once; no JS runs meanwhile.
    unsafe { ab.as_bytes() }.map(<[u8]>::to_vec)
}

#[allow(unsafe_code)] // copy out of engine memory; no JS runs while the slice lives
fn copy_u8_array(ta: &TypedArray<'_, u8>) -> Option<Vec<u8>> {
    // SAFETY: the slice is copied at once; no JS runs meanwhile.
    unsafe { ta.as_bytes() }.map(<[u8]>::to_vec)
}

/// An `ArrayBuffer` that takes `bytes` (no copy when `bytes` is uniquely
/// owned, as a response body is).
pub(crate) fn array_buffer<'js>(
    ctx: &Ctx<'js>,
    bytes: bytes::Bytes,
) -> rquickjs::Result<ArrayBuffer<'js>> {
    if bytes.is_empty() {
        return ArrayBuffer::new_copy(ctx.clone(), [0u8; 0]);
    }
    let v: Vec<u8> = Vec::from(bytes);
    ArrayBuffer::from_source(ctx.clone(), v)
}
